using System.Security.Claims;
using FluentValidation;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Proposals;

public sealed record SubmitProposal(Guid ParticipantId, string Title, string Description, string ColoniaId, WorkCategory Category, decimal RoughCost);

public sealed record RecordArgument(Guid ParticipantId, Stance Stance, string Text);

public sealed record RecordComment(Guid ParticipantId, string Text);

public sealed record WithdrawProposal(Guid ParticipantId, string Reason);

public sealed record MergeProposal(Guid IntoProposalId, string Reason);

public sealed class SubmitProposalValidator : AbstractValidator<SubmitProposal>
{
    public SubmitProposalValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200).WithName("título");
        RuleFor(c => c.Description).NotEmpty().MaximumLength(4000).WithName("descripción");
        RuleFor(c => c.ColoniaId).NotEmpty().WithName("colonia");
        RuleFor(c => c.Category).IsInEnum().WithName("categoría");
        RuleFor(c => c.RoughCost).GreaterThan(0).LessThan(1_000_000_000).WithName("costo aproximado");
    }
}

public sealed class RecordArgumentValidator : AbstractValidator<RecordArgument>
{
    public RecordArgumentValidator()
    {
        RuleFor(c => c.Stance).IsInEnum().WithName("postura");
        RuleFor(c => c.Text).NotEmpty().MaximumLength(2000).WithName("argumento");
    }
}

public sealed class RecordCommentValidator : AbstractValidator<RecordComment>
{
    public RecordCommentValidator() => RuleFor(c => c.Text).NotEmpty().MaximumLength(2000).WithName("comentario");
}

public sealed class WithdrawProposalValidator : AbstractValidator<WithdrawProposal>
{
    public WithdrawProposalValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000).WithName("motivo");
}

public sealed class MergeProposalValidator : AbstractValidator<MergeProposal>
{
    public MergeProposalValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000).WithName("motivo");
}

public sealed record ProposalCreated(Guid ProposalId, Guid ProcessId, Guid TableId, string Title);

/// <summary>Submitting and deliberating proposals at the work tables; staff facilitators record what participants say.</summary>
public static class DeliberationEndpoints
{
    public static readonly Rejection ProposalNotFound = Rejection.NotFound("una propuesta con ese identificador");

    private static Rejection NotSeated(WorkTable table) => new("not_seated", "No integra la mesa",
        $"Esa persona no integra la mesa {table.Number}; solo sus integrantes presentan y deliberan sus propuestas.",
        StatusCodes.Status422UnprocessableEntity);

    private static Rejection Inactive(Proposal p) => new("proposal_inactive", "Propuesta retirada o fusionada",
        $"La propuesta «{p.Title}» ya no está en deliberación.");

    public static Decision DecideSubmit(ParticipationProcess process, WorkTable table, SubmitProposal command, Guid proposalId, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Presentar propuestas", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.FindParticipant(command.ParticipantId) is null) return NotSeated(table);
        if (process.Territory.FindColonia(command.ColoniaId) is not { } colonia)
            return new Rejection("colonia_outside_territory", "Colonia fuera del proceso",
                $"La obra debe ubicarse en una colonia del proceso; «{command.ColoniaId}» no lo es.", StatusCodes.Status422UnprocessableEntity);
        return Decision.Accept(new ProposalSubmitted(proposalId, process.Id, table.Id, table.Number, command.ParticipantId, command.Title.Trim(),
            command.Description.Trim(), colonia.Id, command.Category, command.RoughCost, by, now));
    }

    public static Decision DecideArgument(ParticipationProcess process, WorkTable table, Proposal proposal, RecordArgument command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Deliberar propuestas") is { } wrong) return wrong;
        if (!proposal.IsActive) return Inactive(proposal);
        if (table.FindParticipant(command.ParticipantId) is null) return NotSeated(table);
        return Decision.Accept(new ArgumentRecorded(proposal.Id, process.Id, command.ParticipantId, command.Stance, command.Text.Trim(), by, now));
    }

    public static Decision DecideComment(ParticipationProcess process, WorkTable table, Proposal proposal, RecordComment command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Deliberar propuestas") is { } wrong) return wrong;
        if (!proposal.IsActive) return Inactive(proposal);
        if (table.FindParticipant(command.ParticipantId) is null) return NotSeated(table);
        return Decision.Accept(new CommentRecorded(proposal.Id, process.Id, command.ParticipantId, command.Text.Trim(), by, now));
    }

    public static Decision DecideWithdraw(ParticipationProcess process, Proposal proposal, WithdrawProposal command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Retirar una propuesta") is { } wrong) return wrong;
        if (!proposal.IsActive) return Inactive(proposal);
        if (proposal.AuthorId != command.ParticipantId)
            return new Rejection("not_the_author", "Solo quien la presentó", "Solo quien presentó la propuesta puede retirarla.", StatusCodes.Status403Forbidden);
        return Decision.Accept(new ProposalWithdrawn(proposal.Id, process.Id, command.ParticipantId, command.Reason.Trim(), by, now));
    }

    /// <summary>The events for both streams: the duplicate is merged, the survivor absorbs it.</summary>
    /// <param name="endorsers">Who endorsed the duplicate: they count for the survivor from now on, once each.</param>
    public static (Rejection? Rejection, ProposalMerged? Merged, DuplicateAbsorbed? Absorbed) DecideMerge(ParticipationProcess process,
        Proposal duplicate, Proposal? into, IReadOnlyList<Guid> endorsers, MergeProposal command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Fusionar propuestas duplicadas") is { } wrong) return (wrong, null, null);
        if (into is null || into.ProcessId != duplicate.ProcessId)
            return (new Rejection("merge_target_invalid", "Destino inválido", "La propuesta destino no existe en este proceso.", StatusCodes.Status422UnprocessableEntity), null, null);
        if (into.Id == duplicate.Id)
            return (new Rejection("merge_target_invalid", "Destino inválido", "Una propuesta no se fusiona consigo misma.", StatusCodes.Status422UnprocessableEntity), null, null);
        if (!duplicate.IsActive) return (Inactive(duplicate), null, null);
        if (!into.IsActive) return (Inactive(into), null, null);
        return (null,
            new ProposalMerged(duplicate.Id, process.Id, into.Id, command.Reason.Trim(), by, now),
            new DuplicateAbsorbed(into.Id, process.Id, duplicate.Id, duplicate.Title, endorsers, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/work-tables/{tableId}/proposals", OperationId = "SubmitProposal")]
    public static async Task<IResult> Submit(Guid tableId, SubmitProposal command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        var table = await session.LoadAsync<WorkTable>(tableId, cancellation);
        var process = table is null ? null : await ProcessLock.HoldAsync(session, table.ProcessId, cancellation);
        if (table is null || process is null) return Problems.Result(WorkTableEndpoints.TableNotFound);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var decision = DecideSubmit(process, table, command, id, user.Actor(), clock.GetUtcNow());
        if (decision.Rejection is { } rejection) return Problems.Result(rejection);
        session.Events.StartStream<Proposal>(id, decision.Events.ToArray());
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/api/proposals/{id}", new ProposalCreated(id, process.Id, tableId, command.Title.Trim()));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/proposals/{proposalId}/arguments", OperationId = "RecordArgument")]
    public static Task<IResult> Argue(Guid proposalId, RecordArgument command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation) =>
        OnProposal(session, proposalId, (process, table, p) => DecideArgument(process, table, p, command, user.Actor(), clock.GetUtcNow()), cancellation);

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/proposals/{proposalId}/comments", OperationId = "RecordComment")]
    public static Task<IResult> Comment(Guid proposalId, RecordComment command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation) =>
        OnProposal(session, proposalId, (process, table, p) => DecideComment(process, table, p, command, user.Actor(), clock.GetUtcNow()), cancellation);

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/proposals/{proposalId}/withdrawal", OperationId = "WithdrawProposal")]
    public static Task<IResult> Withdraw(Guid proposalId, WithdrawProposal command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation) =>
        OnProposal(session, proposalId, (process, _, p) => DecideWithdraw(process, p, command, user.Actor(), clock.GetUtcNow()), cancellation);

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/proposals/{proposalId}/merge", OperationId = "MergeProposal")]
    public static async Task<IResult> Merge(Guid proposalId, MergeProposal command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        var current = await session.LoadAsync<Proposal>(proposalId, cancellation);
        if (current is null) return Problems.Result(ProposalNotFound);
        var process = await ProcessLock.HoldAsync(session, current.ProcessId, cancellation);
        var duplicate = await session.Events.FetchForWriting<Proposal>(proposalId, cancellation);
        var into = await session.Events.FetchForWriting<Proposal>(command.IntoProposalId, cancellation);
        var ranking = await session.LoadAsync<ProcessRanking>(current.ProcessId, cancellation);
        var endorsers = ranking?.Entries.FirstOrDefault(e => e.ProposalId == proposalId)?.Endorsers ?? [];
        var (rejection, merged, absorbed) = DecideMerge(process!, duplicate.Aggregate!, into.Aggregate, endorsers, command, user.Actor(), clock.GetUtcNow());
        if (rejection is not null) return Problems.Result(rejection);
        duplicate.AppendOne(merged!);
        into.AppendOne(absorbed!);
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(await session.LoadAsync<ProposalDetails>(proposalId, cancellation));
    }

    /// <summary>Load the proposal with its process and table, decide, append, answer the proposal's details.</summary>
    internal static async Task<IResult> OnProposal(IDocumentSession session, Guid proposalId,
        Func<ParticipationProcess, WorkTable, Proposal, Decision> decide, CancellationToken cancellation)
    {
        var current = await session.LoadAsync<Proposal>(proposalId, cancellation);
        if (current is null) return Problems.Result(ProposalNotFound);
        var process = await ProcessLock.HoldAsync(session, current.ProcessId, cancellation);
        var table = await session.LoadAsync<WorkTable>(current.TableId, cancellation);
        return await Answers.DecideAsync<Proposal, ProposalDetails>(session, proposalId, ProposalNotFound,
            p => decide(process!, table!, p), cancellation);
    }
}
