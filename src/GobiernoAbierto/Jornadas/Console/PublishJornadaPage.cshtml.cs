using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>
/// Publishing cannot be undone (the public results show the project; the process then moves on to the convenio when
/// staff record it on its page), so, as for opening and
/// closing, staff first read what it does and which project the certified tally chose (the decision, run without
/// writing), then confirm.
/// </summary>
[Accounts.ForRoles(Roles.Staff)]
public sealed class PublishJornadaPage(IDocumentStore store, StreamWrites writes, Npgsql.NpgsqlDataSource database,
    GobiernoAbierto.Ballots.VotingTables tables, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    public Jornada Jornada { get; private set; } = new();
    public Decision Preview { get; private set; } = Decision.Accept();

    /// <summary>The project the certified tally chose, when the rules allow publishing it now.</summary>
    public ChosenProjectPublished? Chosen => Preview.Events.OfType<ChosenProjectPublished>().FirstOrDefault();

    /// <summary>Published already (the page opened again afterwards): said as done, not as «todavía no».</summary>
    public bool AlreadyPublished => Preview.Rejection?.Code == PublishChosenProjectEndpoint.AlreadyPublished.Code;

    /// <summary>A certified tally without a winner (a tie, no ballots): nothing will ever be published, not «todavía».</summary>
    public bool NothingToPublish => Jornada.Status == JornadaStatus.Certified && Preview.Rejection is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var processId = (await query.LoadAsync<Jornada>(Id, cancellation))?.ProcessId;
        var refusal = await Audit.VerifiedFirst.RefusalAsync(store, database, tables, Id, "publicó", cancellation)
            ?? await writes.DecideAsync<Jornada>(Id, (j, _) => Task.FromResult(PublishChosenProjectEndpoint.Decide(j, Actor, clock.GetUtcNow())),
                cancellation, exclusive: true, otherStream: processId);
        return await AnswerAsync(refusal, "Se publicó el proyecto elegido: ya aparece en la página pública de resultados." +
            (processId is null ? "" : " Siguiente paso del proceso: registrar en la página del proceso el paso a la firma del convenio."), cancellation,
            then: $"/consola/jornadas/{Id}");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        Preview = PublishChosenProjectEndpoint.Decide(jornada, Actor, clock.GetUtcNow());
        return true;
    }
}
