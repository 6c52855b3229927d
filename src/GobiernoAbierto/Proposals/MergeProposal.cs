using GobiernoAbierto.Process;
using JasperFx.Events;

namespace GobiernoAbierto.Proposals;

public sealed record MergeProposal(Guid IntoProposalId, string Reason);

public sealed class MergeProposalValidator : AbstractValidator<MergeProposal>
{
    public MergeProposalValidator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué es un duplicado.")
        .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
}

public static class MergeProposalEndpoint
{
    /// <summary>The duplicate is merged (its stream); the survivor absorbs it (the other stream).</summary>
    /// <param name="endorsers">Who endorsed the duplicate: they count for the survivor from now on, once each.</param>
    public static Decision Decide(ParticipationProcess process, Proposal duplicate, Proposal? into, IReadOnlyList<Guid> endorsers,
        MergeProposal command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Fusionar propuestas duplicadas") is { } wrong) return wrong;
        if (into is null || into.ProcessId != duplicate.ProcessId)
            return new Rejection("merge_target_invalid", "Destino inválido", "La propuesta destino no existe en este proceso.", StatusCodes.Status422UnprocessableEntity);
        if (into.Id == duplicate.Id)
            return new Rejection("merge_target_invalid", "Destino inválido", "Una propuesta no se fusiona consigo misma.", StatusCodes.Status422UnprocessableEntity);
        if (!duplicate.IsActive) return Proposal.Inactive(duplicate);
        if (!into.IsActive) return Proposal.Inactive(into);
        return Decision.Accept(new ProposalMerged(duplicate.Id, process.Id, into.Id, command.Reason.Trim(), by, now))
            .AndOnOtherStream(new DuplicateAbsorbed(into.Id, process.Id, duplicate.Id, duplicate.Title, endorsers, by, now));
    }

    /// <summary>The process (locked), and its ranking as it is under that lock.</summary>
    public static async Task<(ParticipationProcess, ProcessRanking)> LoadAsync(IEventStream<Proposal> duplicate, IDocumentSession session,
        CancellationToken cancellation)
    {
        var process = (await ProcessLock.HoldAsync(session, duplicate.Aggregate!.ProcessId, cancellation))!;
        return (process, await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? new ProcessRanking(process.Id, []));
    }

    [Authorize(Roles = Roles.Staff)]
    [ProcessLockFirst]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.ProposalDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/proposals/{proposalId}/merge", OperationId = "MergeProposal")]
    public static IResult Post(MergeProposal command,
        [WriteAggregate("proposalId", MissingMessage = Proposal.NotFoundMessage)] IEventStream<Proposal> duplicate,
        [WriteAggregate(nameof(MergeProposal.IntoProposalId), Required = false)] IEventStream<Proposal> into,
        ParticipationProcess process, ProcessRanking ranking, ClaimsPrincipal user, TimeProvider clock)
    {
        var endorsers = ranking.Entries.FirstOrDefault(e => e.ProposalId == duplicate.Id)?.Endorsers ?? [];
        var decision = Decide(process, duplicate.Aggregate!, into.Aggregate, endorsers, command, user.Actor(), clock.GetUtcNow());
        if (decision.Rejection is { } rejection) return Problems.Result(rejection);
        duplicate.AppendMany(decision.Events);
        into.AppendMany(decision.OtherStream);
        return Answers.View<ProposalDetails>(duplicate.Id);
    }
}
