using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Process;

/// <summary>
/// The tie rule's second half: when the IEEQ certified that the process's Jornada ended tied or without ballots, the
/// municipality calls a new Jornada with the same two finalists. The earlier Jornada stays as it was, sealed and
/// certified; the process follows the new one.
/// </summary>
/// <param name="JornadaId">
/// Optional: the new Jornada's identifier, chosen by the client before it sends (a UUID), as CreateJornada takes it. The
/// same call sent again (a retry, the console's form sent again after Back) is then refused as already made
/// (jornada_already_called) instead of being read as a call for yet another Jornada. Without it the service chooses one.
/// An identifier that already names another record is refused (jornada_id_taken).
/// </param>
/// <param name="EarlierJornadaId">
/// Optional: the Jornada the call means to replace, as the client saw the process when it asked. When another call
/// replaced it in between (a second tab, a colleague), the request is refused as jornada_already_replaced, naming the
/// Jornada called instead, rather than answered about that new Jornada's certification.
/// </param>
public sealed record CallNewJornada(DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, Guid? JornadaId = null, Guid? EarlierJornadaId = null);

public sealed class CallNewJornadaValidator : AbstractValidator<CallNewJornada>
{
    public CallNewJornadaValidator()
    {
        RuleFor(c => c.VotingOpensAt).NotEmpty().WithName("apertura").WithMessage("Indique la apertura de la votación de la nueva Jornada.");
        RuleFor(c => c.VotingClosesAt).GreaterThan(c => c.VotingOpensAt).WithName("cierre")
            .WithMessage("El cierre de la votación debe ser posterior a su apertura.");
        RuleFor(c => c.VotingClosesAt - c.VotingOpensAt).LessThanOrEqualTo(TimeSpan.FromDays(31))
            .WithName("duración").WithMessage("Una Jornada dura a lo más 31 días.");
    }
}

/// <summary>On the process's stream: the Jornada it follows from now on, and why the earlier one chose nothing.</summary>
public sealed record NewJornadaCalled(Guid ProcessId, Guid EarlierJornadaId, string EarlierOutcome, Guid JornadaId,
    IReadOnlyList<Guid> ProposalIds, string CalledBy, DateTimeOffset CalledAt);

public sealed record NewJornadaResult(Guid ProcessId, Guid EarlierJornadaId, Guid JornadaId, string Title);

public static class CallNewJornadaEndpoint
{
    public const string Action = "Convocar una nueva Jornada";

    /// <summary>
    /// The process's event, and the new Jornada's stream as the other stream; or why not. Only a Jornada that can no
    /// longer choose a project lets the municipality vote again (WhyVoteAgain), so a Jornada that chose one, or still
    /// can, is never replaced by another.
    /// </summary>
    /// <param name="idTaken">Whether a record of the service already stands under the client's chosen <paramref name="jornadaId"/>.</param>
    public static Decision Decide(ParticipationProcess process, Jornada? current, CallNewJornada command, Guid jornadaId, string by, DateTimeOffset now,
        bool idTaken = false)
    {
        // Sent before: the identifier the client chose already names a Jornada of this process. Before every other rule,
        // which would answer about the Jornada that call created («falta la certificación»: it has not even opened).
        if (command.JornadaId is { } chosen && (chosen == process.JornadaId || process.EarlierJornadaIds.Contains(chosen))) return AlreadyCalled(chosen);
        if (idTaken) return CreateJornadaEndpoint.IdTaken(jornadaId);
        // Another call replaced the Jornada this one meant to replace: the answer is the Jornada it called, not that one's rules.
        if (command.EarlierJornadaId is { } seen && seen != process.JornadaId && process.EarlierJornadaIds.Contains(seen))
            return AlreadyReplaced(seen, process.JornadaId!.Value);
        if (StageRules.Require(process, Action, Stage.Jornada) is { } wrong) return wrong;
        if (current is null || current.Id != process.JornadaId)
            return new Rejection("jornada_missing", "Falta la Jornada", "Este proceso no tiene una Jornada de Participación que repetir.");
        if (current.Status == JornadaStatus.Published)
            return new Rejection("already_published", "Ya publicado", "La Jornada del proceso ya eligió y publicó su proyecto; no se convoca otra.");
        if (current.Status == JornadaStatus.Certified && WhyVoteAgain(current, now) is null)
            return new Rejection("jornada_has_winner", "La Jornada tiene proyecto ganador",
                "La Jornada certificada tiene un proyecto ganador: publíquelo desde la página de la Jornada. Una nueva Jornada se convoca solo tras un empate o una Jornada sin votos.");
        if (WhyVoteAgain(current, now) is not { } why)
            return new Rejection("tally_not_certified", "Falta la certificación del IEEQ", current.EarlierJornadaId is { } earlier
                // A call sent again without its identifiers (a retry, two people pressing the button): the Jornada it would
                // replace is the one the first call made, so say that, not only that it is not certified.
                ? $"La Jornada que sigue el proceso ({current.Id}) ya es una nueva convocatoria, tras la Jornada {earlier}, y está " +
                  $"«{StatusLabels.For(current.Status)}»: no se convoca otra hasta que el IEEQ certifique que también terminó empatada o sin votos, " +
                  "o que nunca se abrió y su periodo de votación terminó."
                : $"Una nueva Jornada se convoca solo cuando el IEEQ certificó que la anterior terminó empatada o sin votos, o cuando la anterior nunca se abrió y su periodo de votación terminó; la Jornada está «{StatusLabels.For(current.Status)}».");
        if (command.VotingClosesAt <= now) return CreateJornadaEndpoint.WindowAlreadyClosed;

        var title = $"Jornada de Participación — {process.Title} (convocatoria {process.EarlierJornadaIds.Count + 2})";
        var called = new NewJornadaCalled(process.Id, current.Id, why.Code, jornadaId,
            current.Options.Where(o => o.ProposalId is not null).Select(o => o.ProposalId!.Value).ToList(), by, now);
        return Decision.Accept(called).AndOnOtherStream(
            [.. JornadaRecord.Begin(jornadaId,
                new JornadaCreated(jornadaId, title, command.VotingOpensAt, command.VotingClosesAt, current.VoterIdKind,
                    process.Territory.Delegaciones, process.Territory.Colonias, process.Id, by, now),
                new JornadaCalledAgain(jornadaId, current.Id, why.Code, current.RecordLength, current.RecordHead, by, now),
                new BallotOptionsSet(jornadaId, current.Options, "shortlist", by, now)).Events]);
    }

    /// <summary>
    /// Why this Jornada can no longer choose a project, so another is called: the IEEQ certified a tie or no ballots
    /// (the publication's own refusal), or its window ended before anyone opened it (nothing can open it or move its
    /// window). Null while it can still choose, or chose.
    /// </summary>
    public static Rejection? WhyVoteAgain(Jornada jornada, DateTimeOffset now) => jornada.Status switch
    {
        JornadaStatus.Certified => PublishChosenProjectEndpoint.NothingToPublish(Outcome.From(jornada.Seal!.Counts)),
        // Not an online-only one whose online hours alone passed: a kiosk or new online hours can still let it open (OpenJornada).
        JornadaStatus.Preparing when now >= jornada.VotingClosesAt => WindowLapsed,
        _ => null,
    };

    /// <summary>
    /// A certified tie (or no ballots) replaces the Jornada for good, so its count is verified first, as for a
    /// publication: a row whose counts were edited into a tie would otherwise bury the real winner (Audit.VerifiedFirst).
    /// </summary>
    public static Task<Rejection?> VerifiedFirstIfCertifiedAsync(Jornada? current, IDocumentStore store, Npgsql.NpgsqlDataSource database,
        Ballots.VotingTables tables, CancellationToken cancellation) =>
        current is { Status: JornadaStatus.Certified }
            ? Audit.VerifiedFirst.RefusalAsync(store, database, tables, current.Id, "convocó", cancellation)
            : Task.FromResult<Rejection?>(null);

    public const string AlreadyCalledCode = "jornada_already_called";

    public static Rejection AlreadyCalled(Guid jornadaId) => new(AlreadyCalledCode, "La nueva Jornada ya se convocó",
        $"La Jornada {jornadaId} ya es de este proceso: la convocatoria ya se había enviado y no se convocó otra.");

    public const string AlreadyReplacedCode = "jornada_already_replaced";

    public static Rejection AlreadyReplaced(Guid earlier, Guid current) => new(AlreadyReplacedCode, "Esa Jornada ya se sustituyó",
        $"La Jornada {earlier} ya se sustituyó: el proceso sigue ahora la Jornada {current}, convocada por otra solicitud (o por esta misma, enviada antes). No se convocó otra.");

    /// <summary>
    /// A call refused as already made or beaten names its Jornada besides its detail (jornadaId), so an API client can go
    /// to it without reading the sentence: the one that call already created, or the one the process follows instead.
    /// </summary>
    private static Dictionary<string, object?>? RefusedAbout(Rejection refusal, CallNewJornada command, ParticipationProcess process) => refusal.Code switch
    {
        AlreadyCalledCode => new() { ["jornadaId"] = command.JornadaId },
        AlreadyReplacedCode => new() { ["jornadaId"] = process.JornadaId },
        _ => null,
    };

    public static readonly Rejection WindowLapsed = new("window_lapsed", "Jornada sin abrir",
        "La Jornada no se abrió y su periodo de votación ya terminó: no puede abrirse ni cambiar de horario. Corresponde convocar una nueva Jornada.");

    /// <summary>How the process's pages name an earlier Jornada's outcome (NewJornadaCalled.EarlierOutcome).</summary>
    public static string OutcomeLabel(string outcome) => outcome switch
    {
        "tally_tied" => "Empate",
        "no_ballots" => "Sin votos",
        _ => "Sin abrir",
    };

    /// <summary>The Jornada the process follows now; not locked, because a certified Jornada without a winner changes no more.</summary>
    public static async Task<Jornada?> LoadAsync(ParticipationProcess process, IQuerySession session, CancellationToken cancellation) =>
        process.JornadaId is { } id ? await session.LoadAsync<Jornada>(id, cancellation) : null;

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<NewJornadaResult>(StatusCodes.Status201Created)]
    [WolverinePost("/api/processes/{processId}/jornadas", OperationId = "CallNewJornada")]
    public static async Task<(IResult, Events, IStartStream?)> Post(CallNewJornada command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        Jornada? current, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, IDocumentStore store, Npgsql.NpgsqlDataSource database,
        Ballots.VotingTables tables, CancellationToken cancellation)
    {
        if (await VerifiedFirstIfCertifiedAsync(current, store, database, tables, cancellation) is { } altered) return (Problems.Result(altered), [], null);
        var now = clock.GetUtcNow();
        var jornadaId = command.JornadaId is { } chosen && chosen != Guid.Empty ? chosen : Guid.CreateVersion7(now);
        var decision = Decide(process, current, command, jornadaId, user.Actor(), now,
            await CreateJornadaEndpoint.TakenByAnotherRecordAsync(session, command.JornadaId, process, cancellation));
        if (!decision.Accepted) return (Problems.Result(decision.Rejection!, RefusedAbout(decision.Rejection!, command, process)), [], null);
        var created = decision.OtherStream.OfType<JornadaCreated>().Single();
        return (Results.Created($"/api/jornadas/{jornadaId}", new NewJornadaResult(process.Id, current!.Id, jornadaId, created.Title)),
            [.. decision.Events], MartenOps.StartStream<Jornada>(jornadaId, [.. decision.OtherStream]));
    }
}
