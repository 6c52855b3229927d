using GobiernoAbierto.Ballots;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

[Accounts.ForRoles(Roles.Staff)]
public sealed class CloseJornadaPage(IDocumentStore store, StreamWrites writes, SealedUrn urn, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    public Jornada Jornada { get; private set; } = new();
    public Decision Preview { get; private set; } = Decision.Accept();
    public DateTimeOffset ReadAt => clock.GetUtcNow();
    public bool ClosesEarly => Jornada.Status == JornadaStatus.Open && clock.GetUtcNow() < Jornada.VotingClosesAt;

    /// <summary>Every request to close early, newest first: staff see whether the IEEQ has answered, and what.</summary>
    public IReadOnlyList<Countersignature> EarlyCloseRequests =>
        Jornada.Countersignatures.Where(c => c.Action == CountersignedAction.CloseEarly).OrderByDescending(c => c.RequestedAt).ToList();

    public bool AwaitingIeeq => EarlyCloseRequests.Any(c => c.Status == CountersignatureStatus.Requested);

    /// <summary>Why staff ask the IEEQ to countersign closing early; asked from this page, answered on this page.</summary>
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCountersignAsync(CancellationToken cancellation)
    {
        var command = new RequestCountersignature(CountersignedAction.CloseEarly, null, Reason ?? "");
        if (!Validate(command, "", new Dictionary<string, string> { ["motivo"] = nameof(Reason), [nameof(RequestCountersignature.Reason)] = nameof(Reason) }))
            return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
                RequestCountersignatureEndpoint.Decide(j, command, Guid.CreateVersion7(clock.GetUtcNow()), Actor, clock.GetUtcNow()), cancellation, exclusive: true),
            $"Se pidió al IEEQ la contrafirma para {Countersignatures.Describe(CountersignedAction.CloseEarly, null)}.", cancellation);
    }

    /// <remarks>Exclusive, like the endpoint: waits for a group commit in flight, so the seal covers every acknowledged ballot.</remarks>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        var refusal = await writes.DecideAsync<Jornada>(Id, (jornada, session) =>
            CloseJornadaEndpoint.DecideWithUrnAsync(jornada, session, urn, Actor, clock.GetUtcNow(), cancellation), cancellation, exclusive: true);
        return await AnswerAsync(refusal, "La votación quedó cerrada y sellada. Imprima el sello para el IEEQ.", cancellation, then: $"/consola/jornadas/{Id}/sello");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        Preview = CloseJornadaEndpoint.Decide(jornada, Actor, clock.GetUtcNow());
        return true;
    }
}
