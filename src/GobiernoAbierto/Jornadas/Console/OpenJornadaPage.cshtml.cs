using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>Says what opening does, and whether the rules allow it now (the decision, run without writing), before staff confirm.</summary>
[Accounts.ForRoles(Roles.Staff)]
public sealed class OpenJornadaPage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    public Jornada Jornada { get; private set; } = new();
    public Decision Preview { get; private set; } = Decision.Accept();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        var refusal = await writes.DecideAsync<Jornada>(Id, async (jornada, session) =>
            OpenJornadaEndpoint.Decide(jornada, await OpenJornadaEndpoint.LoadAsync(jornada, session, cancellation), Actor, clock.GetUtcNow()),
            cancellation);
        return await AnswerAsync(refusal, "La votación está abierta.", cancellation, then: $"/consola/jornadas/{Id}");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        Preview = OpenJornadaEndpoint.Decide(jornada, await OpenJornadaEndpoint.LoadAsync(jornada, session, cancellation), Actor, clock.GetUtcNow());
        return true;
    }
}
