namespace GobiernoAbierto.Hosting;

/// <summary>
/// Deciding outside an HTTP endpoint (the console's pages, the sample data): the stream loaded for writing as
/// Wolverine's [WriteAggregate] loads it, the same pure decision, its events appended (and the second stream's, for a
/// two-stream command), one session, one commit. The rule's refusal comes back instead of an exception.
/// </summary>
public sealed class StreamWrites(IDocumentStore store)
{
    /// <param name="exclusive">Take the stream's row lock first (what ConcurrencyStyle.Exclusive does for an endpoint).</param>
    /// <param name="startsOtherStreamOf">When the decision's second-stream events start that stream, its aggregate type.</param>
    /// <param name="lockFirst">A lock to take before the stream is loaded (ProcessLock.HoldForProposalAsync, as [ProcessLockFirst] does for an endpoint).</param>
    public async Task<Rejection?> DecideAsync<T>(Guid id, Func<T, IDocumentSession, Task<Decision>> decide, CancellationToken cancellation,
        bool exclusive = false, Guid? otherStream = null, Type? startsOtherStreamOf = null, Func<IDocumentSession, Task>? lockFirst = null) where T : class
    {
        // A form's id that did not bind (tampered, or empty) arrives as the empty one, which names no stream; Marten
        // refuses to load it with an exception.
        if (id == Guid.Empty) return Rejection.NotFound("el registro elegido; vuelva a cargar la página y elíjalo de la lista");
        await using var session = store.LightweightSession();
        if (lockFirst is not null) await lockFirst(session);
        var stream = exclusive
            ? await session.Events.FetchForExclusiveWriting<T>(id, cancellation)
            : await session.Events.FetchForWriting<T>(id, cancellation);
        if (stream.Aggregate is null) return Rejection.NotFound($"el registro {id}");
        var decision = await decide(stream.Aggregate, session);
        if (decision.Rejection is { } rejection) return rejection;
        stream.AppendMany(decision.Events);
        if (decision.OtherStream.Count > 0)
        {
            var other = otherStream ?? throw new InvalidOperationException($"{typeof(T).Name} {id}: the decision writes a second stream; say which.");
            if (startsOtherStreamOf is not null) session.Events.StartStream(startsOtherStreamOf, other, [.. decision.OtherStream]);
            else session.Events.Append(other, [.. decision.OtherStream]);
        }
        await session.SaveChangesAsync(cancellation);
        return null;
    }

    public Task<Rejection?> DecideAsync<T>(Guid id, Func<T, Decision> decide, CancellationToken cancellation, bool exclusive = false) where T : class =>
        DecideAsync<T>(id, (aggregate, _) => Task.FromResult(decide(aggregate)), cancellation, exclusive);

    public async Task<Rejection?> StartAsync<T>(Guid id, Decision decision, CancellationToken cancellation) where T : class
    {
        if (decision.Rejection is { } rejection) return rejection;
        await using var session = store.LightweightSession();
        session.Events.StartStream<T>(id, [.. decision.Events]);
        await session.SaveChangesAsync(cancellation);
        return null;
    }
}
