using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.WorkTables;

/// <summary>A person seated by mistake (the wrong table, a name typed twice) taken off the table, with why.</summary>
public sealed record VoidSeat(Guid ParticipantId, string Reason);

public sealed class VoidSeatValidator : AbstractValidator<VoidSeat>
{
    public VoidSeatValidator()
    {
        RuleFor(c => c.ParticipantId).NotEmpty().WithMessage("Elija a la persona.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué se anula su lugar.")
            .MaximumLength(500).WithMessage("El motivo lleva hasta 500 caracteres.").WithName("motivo");
    }
}

/// <summary>The titles of the proposals a person presented at a table (its own type: a list of strings would bind from the query string).</summary>
public sealed record PresentedProposals(IReadOnlyList<string> Titles);

/// <summary>On the table's stream: the seat is free again; the person's name and the reason stay recorded.</summary>
public sealed record ParticipantSeatVoided(Guid TableId, Guid ProcessId, Guid ParticipantId, string DisplayName, string Reason, string VoidedBy,
    DateTimeOffset At);

/// <summary>
/// Staff free a seat taken by mistake while the tables still meet. A person who presented a proposal, or backs one,
/// keeps their seat (their endorsements can be voided first); arguments and comments they made stay in the proposals'
/// histories, which name tables, not people.
/// </summary>
public static class VoidSeatEndpoint
{
    /// <remarks>
    /// A seat already voided is no change (a retry after a lost answer, a form sent twice): the person no longer sits at
    /// the table, as asked, and nothing is recorded. It said «Esa persona no integra la mesa».
    /// </remarks>
    public static Decision Decide(ParticipationProcess process, WorkTable table, ProcessRanking ranking, PresentedProposals presented,
        VoidSeat command, string by, DateTimeOffset now)
    {
        if (table.FindParticipant(command.ParticipantId) is null && table.VoidedParticipants.Contains(command.ParticipantId)) return Decision.Accept();
        if (StageRules.Require(process, "Anular el lugar de una persona", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.FindParticipant(command.ParticipantId) is not { } person) return Proposal.NotSeated(table);
        if (presented.Titles.Count > 0)
            return new Rejection("seat_has_proposals", "Presentó propuestas",
                $"{person.DisplayName} presentó {string.Join(", ", presented.Titles.Select(t => $"«{t}»"))} en esta mesa: su lugar no se anula.");
        if (ranking.BackedBy(person.Id).Count is var backed and > 0)
            return new Rejection("seat_has_endorsements", "Respalda propuestas",
                $"{person.DisplayName} respalda {backed} {(backed == 1 ? "propuesta" : "propuestas")}: anule primero sus respaldos.");
        return Decision.Accept(new ParticipantSeatVoided(table.Id, process.Id, person.Id, person.DisplayName, command.Reason.Trim(), by, now));
    }

    /// <summary>The process (locked), the ranking and the titles of the proposals the person presented at this table.</summary>
    public static async Task<(ParticipationProcess, ProcessRanking, PresentedProposals)> LoadAsync(VoidSeat command, WorkTable table,
        IDocumentSession session, CancellationToken cancellation)
    {
        var (process, _, ranking) = await LockedRanking.LoadAsync(session, table, proposalId: null, cancellation);
        var presented = await session.Query<Proposal>().Where(p => p.TableId == table.Id && p.AuthorId == command.ParticipantId)
            .Select(p => p.Title).ToListAsync(cancellation);
        return (process, ranking, new PresentedProposals(presented));
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.WorkTableView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/work-tables/{tableId}/voided-seats", OperationId = "VoidSeat")]
    public static (IResult, Events) Post(VoidSeat command,
        [WriteAggregate("tableId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = WorkTable.NotFoundMessage)] WorkTable table,
        ParticipationProcess process, ProcessRanking ranking, PresentedProposals presented, ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, table, ranking, presented, command, user.Actor(), clock.GetUtcNow())
            .Answer(Answers.AfterCommit(async (session, cancellation) => await WorkTableView.ReadAsync(session, table.Id, forStaff: true, cancellation)));
}
