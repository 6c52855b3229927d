using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

public sealed record RecordArgument(Guid ParticipantId, Stance Stance, string Text);

public sealed class RecordArgumentValidator : AbstractValidator<RecordArgument>
{
    public RecordArgumentValidator()
    {
        RuleFor(c => c.Stance).IsInEnum().WithName("postura").WithMessage("Elija la postura: a favor o en contra.");
        RuleFor(c => c.Text).NotEmpty().WithMessage("Escriba el argumento.")
            .MaximumLength(2000).WithMessage("El argumento lleva hasta 2,000 caracteres.").WithName("argumento");
    }
}

public static class RecordArgumentEndpoint
{
    public static Decision Decide(ParticipationProcess process, WorkTable table, Proposal proposal, RecordArgument command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Deliberar propuestas") is { } wrong) return wrong;
        if (!proposal.IsActive) return Proposal.Inactive(proposal);
        if (table.FindParticipant(command.ParticipantId) is null) return Proposal.NotSeated(table);
        return Decision.Accept(new ArgumentRecorded(proposal.Id, process.Id, command.ParticipantId, command.Stance, command.Text.Trim(), by, now));
    }

    public static async Task<(ParticipationProcess, WorkTable)> LoadAsync(Proposal proposal, IDocumentSession session, CancellationToken cancellation) =>
        ((await ProcessLock.HoldAsync(session, proposal.ProcessId, cancellation))!, (await session.LoadAsync<WorkTable>(proposal.TableId, cancellation))!);

    [Authorize(Roles = Roles.Staff)]
    [ProcessLockFirst]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.ProposalDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/proposals/{proposalId}/arguments", OperationId = "RecordArgument")]
    public static (IResult, Events) Post(RecordArgument command, [WriteAggregate("proposalId", MissingMessage = Proposal.NotFoundMessage)] Proposal proposal, ParticipationProcess process, WorkTable table,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, table, proposal, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ProposalDetails>(proposal.Id));
}
