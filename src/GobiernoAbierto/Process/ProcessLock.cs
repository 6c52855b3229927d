
namespace GobiernoAbierto.Process;

/// <summary>
/// Serialises every write that feeds a process's shared read models. The ranking is one document per process and a
/// proposal's details gather events from the proposal's, its table's and the process's streams; inline projections
/// read such a document, apply and upsert it, so two concurrent writes from different streams would lose one update.
/// Locking the process's stream row first (held until the commit) makes them take turns. Tables and proposals are
/// written by people at a facilitator's pace, so the lock costs nothing that matters.
/// </summary>
public static class ProcessLock
{
    public static async Task<ParticipationProcess?> HoldAsync(IDocumentSession session, Guid processId, CancellationToken cancellation) =>
        (await session.Events.FetchForExclusiveWriting<ParticipationProcess>(processId, cancellation)).Aggregate;

    /// <summary>
    /// The lock of the proposal's process, taken before the proposal is loaded for writing: a proposal's writers all hold
    /// it, so the proposal then read is the one the writer before left, and sends at the same moment (two comments, a
    /// study and a withdrawal) each decide on it in turn instead of failing on its version. The process is found from
    /// the proposal's stored view, read outside this session (a proposal never changes process); none: nothing locked,
    /// and the load that follows answers 404.
    /// </summary>
    public static async Task HoldForProposalAsync(Guid proposalId, IDocumentSession session, IDocumentStore store, CancellationToken cancellation)
    {
        Guid? processId;
        await using (var query = store.QuerySession())
            processId = (await query.LoadAsync<Proposals.Proposal>(proposalId, cancellation))?.ProcessId;
        if (processId is { } id) await HoldAsync(session, id, cancellation);
    }
}

/// <summary>An endpoint whose proposal is loaded only once its process's lock is held (ProcessLock.HoldForProposalAsync).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProcessLockFirstAttribute : Attribute;

/// <summary>
/// Puts ProcessLock.HoldForProposalAsync before the aggregate workflow's load in every endpoint marked
/// [ProcessLockFirst] (after the body's checks, so a refused body locks nothing). Wolverine runs an endpoint's own
/// Before and Load methods after it loads the aggregate, so this has to be a frame of the chain's middleware.
/// </summary>
public sealed class ProcessLockFirstPolicy : Wolverine.Http.IHttpPolicy
{
    public void Apply(IReadOnlyList<Wolverine.Http.HttpChain> chains, JasperFx.CodeGeneration.GenerationRules rules, JasperFx.IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.Method.Method.IsDefined(typeof(ProcessLockFirstAttribute), false)))
        {
            var hold = new JasperFx.CodeGeneration.Frames.MethodCall(typeof(ProcessLock), nameof(ProcessLock.HoldForProposalAsync))
                { CommentText = "The proposal's process locked before the proposal is loaded for writing" };
            // After the frame that ends the request when its body is refused (RequestValidationPolicy's, registered before).
            var afterChecks = chain.Middleware.FindIndex(f => f is Wolverine.Http.CodeGen.MaybeEndWithResultFrame);
            if (afterChecks < 0)
                throw new InvalidOperationException($"{chain.Method.Method.Name}: [ProcessLockFirst] goes after the body's checks, and this endpoint has none.");
            chain.Middleware.Insert(afterChecks + 1, hold);
        }
    }
}
