using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

/// <summary>An endorsement recorded by mistake (the wrong person, the wrong proposal) taken back, with why.</summary>
public sealed record VoidEndorsement(Guid ParticipantId, Guid ProposalId, string Reason);

public sealed class VoidEndorsementValidator : AbstractValidator<VoidEndorsement>
{
    public VoidEndorsementValidator()
    {
        RuleFor(c => c.ParticipantId).NotEmpty().WithMessage("Elija a la persona.");
        RuleFor(c => c.ProposalId).NotEmpty().WithMessage("Elija la propuesta.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué se anula el respaldo.")
            .MaximumLength(500).WithMessage("El motivo lleva hasta 500 caracteres.").WithName("motivo");
    }
}

/// <summary>
/// Staff take back an endorsement recorded by mistake, while the tables still prioritise: the proposal loses it and the
/// person gets it back to give. The endorsement stays in the table's history with the reason; nothing is deleted.
/// </summary>
public static class VoidEndorsementEndpoint
{
    public static readonly Rejection NotEndorsed = new("not_endorsed", "Sin ese respaldo",
        "Esa persona no respalda esa propuesta: no hay respaldo que anular.", StatusCodes.Status409Conflict);

    public static Decision Decide(ParticipationProcess process, WorkTable table, Proposal? proposal, ProcessRanking ranking,
        VoidEndorsement command, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Anular un respaldo", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.FindParticipant(command.ParticipantId) is null) return Proposal.NotSeated(table);
        // Not "of this table": a duplicate merged across tables carries its backers to a proposal of another table.
        if (proposal is null || proposal.ProcessId != process.Id) return NotEndorsed;
        if (!proposal.IsActive) return Proposal.Inactive(proposal);
        if (!ranking.BackedBy(command.ParticipantId).Contains(proposal.Id)) return NotEndorsed;
        return Decision.Accept(new EndorsementVoided(table.Id, process.Id, proposal.Id, command.ParticipantId, command.Reason.Trim(), by, now));
    }

    public static Task<(ParticipationProcess, Proposal?, ProcessRanking)> LoadAsync(VoidEndorsement command, WorkTable table,
        IDocumentSession session, CancellationToken cancellation) =>
        LockedRanking.LoadAsync(session, table, command.ProposalId, cancellation);

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.WorkTableView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/work-tables/{tableId}/voided-endorsements", OperationId = "VoidEndorsement")]
    public static (IResult, Events) Post(VoidEndorsement command,
        [WriteAggregate("tableId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = WorkTable.NotFoundMessage)] WorkTable table,
        ParticipationProcess process, Proposal? proposal, ProcessRanking ranking, ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, table, proposal, ranking, command, user.Actor(), clock.GetUtcNow())
            .Answer(Answers.AfterCommit(async (session, cancellation) => await WorkTableView.ReadAsync(session, table.Id, forStaff: true, cancellation)));
}
