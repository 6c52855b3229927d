using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Shortlist;

/// <summary>
/// At the second table: the two proposals that go to the vote. Without ProposalIds the ranking rule chooses
/// (ProcessRanking.Rule); with them, the two the table chose directly. Either way both must be viable, and the
/// rule used is recorded with the result. The window defaults to the calendar's Jornada day, 08:00-18:00 (Querétaro).
/// </summary>
/// <param name="JornadaId">
/// Optional: the identifier of the Jornada the choice creates, chosen by the client before it sends (a UUID), as
/// CreateJornada takes it. The same choice sent again (a retry, the console's form sent again) is then refused as sent
/// (shortlist_already_sent, naming that Jornada) instead of as a choice already made by someone, or at the wrong stage once
/// the process moved on to its Jornada. Without it the service chooses one.
/// </param>
public sealed record ChooseShortlist(IReadOnlyList<Guid>? ProposalIds, DateTimeOffset? VotingOpensAt, DateTimeOffset? VotingClosesAt,
    VoterIdKind VoterIdKind = VoterIdKind.ClaveElector, Guid? JornadaId = null);

public sealed class ChooseShortlistValidator : AbstractValidator<ChooseShortlist>
{
    public ChooseShortlistValidator()
    {
        RuleFor(c => c.ProposalIds).Must(ids => ids is null || (ids.Count == 2 && ids.Distinct().Count() == 2))
            .WithName("propuestas").WithMessage("Marque exactamente dos propuestas distintas: las dos finalistas que van a votación.");
        RuleFor(c => c).Must(c => c.VotingOpensAt is null == c.VotingClosesAt is null)
            .WithName("horario").WithMessage("Indique apertura y cierre de la votación, o ninguno para usar la fecha del calendario.");
        // Only with both given: one of them alone was also told «posterior a su apertura» and «a lo más 31 días» (an outside
        // tester), about a window it had not given.
        RuleFor(c => c).Must(c => c.VotingOpensAt is null || c.VotingClosesAt is null || c.VotingClosesAt > c.VotingOpensAt)
            .WithName("horario").WithMessage("El cierre de la votación debe ser posterior a su apertura.");
        RuleFor(c => c).Must(c => c.VotingOpensAt is null || c.VotingClosesAt is null || c.VotingClosesAt <= c.VotingOpensAt
                                  || c.VotingClosesAt - c.VotingOpensAt <= TimeSpan.FromDays(31))
            .WithName("horario").WithMessage("Una Jornada dura a lo más 31 días.");
        RuleFor(c => c.VoterIdKind).IsInEnum().WithName("tipo de identificador").WithMessage("Elija el tipo de identificador: clave de elector o CURP.");
    }
}

public sealed record ShortlistResult(Guid ProcessId, Guid JornadaId, IReadOnlyList<BallotOption> Options, string Rule);

public static class ChooseShortlistEndpoint
{
    public const string DirectRule = "Elección directa de la segunda mesa de trabajo entre las propuestas con dictamen viable.";

    public static readonly Rejection NotEnoughViable = new("not_enough_viable_proposals", "Faltan propuestas viables",
        "Para elegir las dos finalistas hacen falta dos propuestas en deliberación con dictamen de factibilidad «viable».", StatusCodes.Status422UnprocessableEntity);

    /// <summary>The process's event, and the new Jornada's stream as the other stream; or why not.</summary>
    public static Decision Decide(ParticipationProcess process, ProcessRanking ranking,
        IReadOnlyDictionary<Guid, Proposal> proposals, ChooseShortlist command, Guid jornadaId, string by, DateTimeOffset now, bool idTaken = false)
    {
        // Sent before: the identifier the client chose names the Jornada this choice created. Before every other rule, which
        // would answer about what came after it (the process moved on to its Jornada: «no corresponde a la etapa»).
        if (command.JornadaId is { } sent && sent == ShortlistJornadaId(process)) return AlreadySent(sent);
        if (idTaken) return CreateJornadaEndpoint.IdTaken(jornadaId);
        if (StageRules.Require(process, "Elegir las dos propuestas a votar", Stage.SecondWorkTable) is { } wrong) return wrong;
        if (process.JornadaId is not null)
            return new Rejection("shortlist_already_chosen", "Finalistas ya elegidas", "Este proceso ya eligió sus dos propuestas y tiene su Jornada.");

        var ranked = ranking.Ranked();
        IReadOnlyList<Guid> chosen;
        string rule;
        if (command.ProposalIds is { } ids)
        {
            var notViable = ids.Where(id => !(proposals.TryGetValue(id, out var p) && p.ProcessId == process.Id && p.IsViable)).ToList();
            if (notViable.Count > 0)
                return new Rejection("proposal_not_viable", "Propuesta no viable",
                    "Solo se eligen propuestas del proceso, en deliberación y con dictamen viable: " +
                    string.Join(", ", notViable.Select(id => proposals.TryGetValue(id, out var p) ? $"«{p.Title}»" : id.ToString())) + " no lo es.",
                    StatusCodes.Status422UnprocessableEntity);
            chosen = ids;
            rule = DirectRule;
        }
        else
        {
            chosen = ranked.Where(e => e.Viable).Take(2).Select(e => e.ProposalId).ToList();
            if (chosen.Count < 2) return NotEnoughViable;
            rule = ProcessRanking.Rule;
        }

        var options = chosen.Select((id, i) =>
        {
            var p = proposals[id];
            return new BallotOption(i == 0 ? "A" : "B", p.Title, p.Description, p.Feasibility!.CostEstimate, p.Id);
        }).ToList();
        var (opensAt, closesAt) = Window(process, command);
        // A window that already closed makes a Jornada nobody can open: the shortlist would be spent on it. The calendar's
        // day passed: re-planning it (ReplanCalendar) gives the default window a day to come, and the public page the right date.
        if (closesAt <= now)
            return command.VotingClosesAt is null
                ? Rejection.Invalid(CreateJornadaEndpoint.WindowAlreadyClosed.Code,
                    $"El día de la Jornada en el calendario ({process.Planned(Stage.Jornada)!.PlannedOn:dd/MM/yyyy}) ya pasó: " +
                    "reprograme el calendario (la página pública muestra esa fecha), o indique la apertura y el cierre de la votación.")
                : CreateJornadaEndpoint.WindowAlreadyClosed;
        var snapshot = ranked.Select(e => new RankedProposal(e.ProposalId, e.Title, e.Endorsers.Count, e.Viable, e.CostEstimate, e.SubmittedAt)).ToList();
        return Decision.Accept(new ShortlistChosen(process.Id, jornadaId, chosen, rule, snapshot, by, now)).AndOnOtherStream(
            [.. JornadaRecord.Begin(jornadaId,
                new JornadaCreated(jornadaId, $"Jornada de Participación — {process.Title}", opensAt, closesAt, command.VoterIdKind,
                    process.Territory.Delegaciones, process.Territory.Colonias, process.Id, by, now),
                new BallotOptionsSet(jornadaId, options, "shortlist", by, now)).Events]);
    }

    public const string AlreadySentCode = "shortlist_already_sent";

    public static Rejection AlreadySent(Guid jornadaId) => new(AlreadySentCode, "Las finalistas ya se eligieron",
        $"Esta elección de finalistas ya se había enviado y creó la Jornada {jornadaId}: no se creó otra.");

    /// <summary>The Jornada the shortlist created: the first of the process's, before any called after a tie.</summary>
    private static Guid? ShortlistJornadaId(ParticipationProcess process) =>
        process.EarlierJornadaIds is [var first, ..] ? first : process.JornadaId;

    private static (DateTimeOffset, DateTimeOffset) Window(ParticipationProcess process, ChooseShortlist command)
    {
        if (command.VotingOpensAt is { } opens && command.VotingClosesAt is { } closes) return (opens, closes);
        var day = process.Planned(Stage.Jornada)!.PlannedOn;
        return (QueretaroTime.At(day, new TimeOnly(8, 0)), QueretaroTime.At(day, new TimeOnly(18, 0)));
    }

    /// <summary>The ranking and the candidate proposals, read under the process's lock.</summary>
    public static async Task<(ProcessRanking, Dictionary<Guid, Proposal>)> LoadAsync(ChooseShortlist command, ParticipationProcess process,
        IQuerySession session, CancellationToken cancellation)
    {
        var ranking = await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? new ProcessRanking(process.Id, []);
        var candidates = (command.ProposalIds ?? []).Concat(ranking.Entries.Select(e => e.ProposalId)).Distinct().ToList();
        return (ranking, (await session.LoadManyAsync<Proposal>(cancellation, candidates)).ToDictionary(p => p.Id));
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ShortlistResult>(StatusCodes.Status201Created)]
    [WolverinePost("/api/processes/{processId}/shortlist", OperationId = "ChooseShortlist")]
    public static async Task<(IResult, Events, IStartStream?)> Post(ChooseShortlist command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        ProcessRanking ranking, [NotBody] Dictionary<Guid, Proposal> proposals, IQuerySession session, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var jornadaId = command.JornadaId is { } chosen && chosen != Guid.Empty ? chosen : Guid.CreateVersion7(now);
        var decision = Decide(process, ranking, proposals, command, jornadaId, user.Actor(), now,
            await CreateJornadaEndpoint.TakenByAnotherRecordAsync(session, command.JornadaId, process, cancellation));
        if (!decision.Accepted) return (Problems.Result(decision.Rejection!), [], null);
        var shortlist = (ShortlistChosen)decision.Events[0];
        var options = decision.OtherStream.OfType<BallotOptionsSet>().Single().Options;
        return (Results.Created($"/api/jornadas/{jornadaId}", new ShortlistResult(process.Id, jornadaId, options, shortlist.Rule)),
            [.. decision.Events], MartenOps.StartStream<Jornada>(jornadaId, [.. decision.OtherStream]));
    }
}
