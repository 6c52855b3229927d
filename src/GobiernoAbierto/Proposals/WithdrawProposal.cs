using GobiernoAbierto.Process;

namespace GobiernoAbierto.Proposals;

public sealed record WithdrawProposal(Guid ParticipantId, string Reason);

public sealed class WithdrawProposalValidator : AbstractValidator<WithdrawProposal>
{
    public WithdrawProposalValidator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué se retira.")
        .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
}

public static class WithdrawProposalEndpoint
{
    public static Decision Decide(ParticipationProcess process, Proposal proposal, WithdrawProposal command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Retirar una propuesta") is { } wrong) return wrong;
        if (!proposal.IsActive) return Proposal.Inactive(proposal);
        if (proposal.AuthorId != command.ParticipantId)
            return new Rejection("not_the_author", "Solo quien la presentó", "Solo quien presentó la propuesta puede retirarla.", StatusCodes.Status403Forbidden);
        return Decision.Accept(new ProposalWithdrawn(proposal.Id, process.Id, command.ParticipantId, command.Reason.Trim(), by, now));
    }

    public static async Task<ParticipationProcess> LoadAsync(Proposal proposal, IDocumentSession session, CancellationToken cancellation) =>
        (await ProcessLock.HoldAsync(session, proposal.ProcessId, cancellation))!;

    [Authorize(Roles = Roles.Staff)]
    [ProcessLockFirst]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.ProposalDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/proposals/{proposalId}/withdrawal", OperationId = "WithdrawProposal")]
    public static (IResult, Events) Post(WithdrawProposal command, [WriteAggregate("proposalId", MissingMessage = Proposal.NotFoundMessage)] Proposal proposal, ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, proposal, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ProposalDetails>(proposal.Id));
}
