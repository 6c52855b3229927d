using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

public sealed record EndorseProposal(Guid ParticipantId, Guid ProposalId);

/// <summary>A participant backs a proposal of their table; the event is recorded on the table's stream.</summary>
public static class EndorseProposalEndpoint
{
    public static Decision Decide(ParticipationProcess process, WorkTable table, Proposal? proposal, ProcessRanking ranking,
        EndorseProposal command, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Priorizar propuestas", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.FindParticipant(command.ParticipantId) is null)
            return new Rejection("not_seated", "No integra la mesa", "Solo quienes integran la mesa priorizan sus propuestas.", StatusCodes.Status422UnprocessableEntity);
        if (proposal is null || proposal.TableId != table.Id)
            return new Rejection("proposal_not_at_table", "Propuesta de otra mesa", "Cada mesa prioriza solo las propuestas presentadas en ella.", StatusCodes.Status422UnprocessableEntity);
        if (!proposal.IsActive) return Proposal.Inactive(proposal);
        var backed = ranking.BackedBy(command.ParticipantId);
        if (backed.Contains(command.ProposalId))
            return new Rejection("already_endorsed", "Respaldo ya registrado",
                "Esta persona ya respalda esa propuesta (directamente o por una propuesta duplicada que se fusionó en ella).");
        if (backed.Count >= WorkTable.EndorsementsPerParticipant)
            return new Rejection("endorsements_exhausted", "Respaldos agotados",
                $"Cada participante respalda hasta {WorkTable.EndorsementsPerParticipant} propuestas de su mesa; esta persona ya usó los suyos. Un respaldo se libera si la propuesta se retira.");
        return Decision.Accept(new ProposalEndorsed(table.Id, process.Id, command.ProposalId, command.ParticipantId, by, now));
    }

    public static Task<(ParticipationProcess, Proposal?, ProcessRanking)> LoadAsync(EndorseProposal command, WorkTable table,
        IDocumentSession session, CancellationToken cancellation) =>
        LockedRanking.LoadAsync(session, table, command.ProposalId, cancellation);

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.WorkTableView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/work-tables/{tableId}/endorsements", OperationId = "EndorseProposal")]
    public static (IResult, Events) Post(EndorseProposal command,
        [WriteAggregate("tableId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = WorkTable.NotFoundMessage)] WorkTable table,
        ParticipationProcess process, Proposal? proposal, ProcessRanking ranking, ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, table, proposal, ranking, command, user.Actor(), clock.GetUtcNow())
            .Answer(Answers.AfterCommit(async (session, cancellation) => await WorkTableView.ReadAsync(session, table.Id, forStaff: true, cancellation)));
}
