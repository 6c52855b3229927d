using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

public sealed record RecordComment(Guid ParticipantId, string Text);

public sealed class RecordCommentValidator : AbstractValidator<RecordComment>
{
    public RecordCommentValidator() => RuleFor(c => c.Text).NotEmpty().WithMessage("Escriba el comentario.")
        .MaximumLength(2000).WithMessage("El comentario lleva hasta 2,000 caracteres.").WithName("comentario");
}

public static class RecordCommentEndpoint
{
    public static Decision Decide(ParticipationProcess process, WorkTable table, Proposal proposal, RecordComment command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Deliberar propuestas") is { } wrong) return wrong;
        if (!proposal.IsActive) return Proposal.Inactive(proposal);
        if (table.FindParticipant(command.ParticipantId) is null) return Proposal.NotSeated(table);
        return Decision.Accept(new CommentRecorded(proposal.Id, process.Id, command.ParticipantId, command.Text.Trim(), by, now));
    }

    public static async Task<(ParticipationProcess, WorkTable)> LoadAsync(Proposal proposal, IDocumentSession session, CancellationToken cancellation) =>
        ((await ProcessLock.HoldAsync(session, proposal.ProcessId, cancellation))!, (await session.LoadAsync<WorkTable>(proposal.TableId, cancellation))!);

    [Authorize(Roles = Roles.Staff)]
    [ProcessLockFirst]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.ProposalDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/proposals/{proposalId}/comments", OperationId = "RecordComment")]
    public static (IResult, Events) Post(RecordComment command, [WriteAggregate("proposalId", MissingMessage = Proposal.NotFoundMessage)] Proposal proposal, ParticipationProcess process, WorkTable table,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, table, proposal, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ProposalDetails>(proposal.Id));
}
