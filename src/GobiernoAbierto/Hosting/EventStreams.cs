using Marten;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// The one way a command changes an aggregate: load it for writing, let a pure decision say which events follow,
/// append them and commit, or answer the rejection. Optimistic concurrency comes from FetchForWriting; commands
/// that must not race (closing a Jornada, seating at a full table) lock the stream row instead.
/// </summary>
public static class EventStreams
{
    public static async Task<(T? Aggregate, Rejection? Rejection)> DecideAsync<T>(
        IDocumentSession session, Guid id, Rejection notFound, Func<T, Decision> decide, CancellationToken cancellation,
        bool exclusive = false) where T : class
    {
        var stream = exclusive
            ? await session.Events.FetchForExclusiveWriting<T>(id, cancellation)
            : await session.Events.FetchForWriting<T>(id, cancellation);
        if (stream.Aggregate is null) return (null, notFound);

        var decision = decide(stream.Aggregate);
        if (decision.Rejection is { } rejection) return (null, rejection);

        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(cancellation);
        return (await session.LoadAsync<T>(id, cancellation), null);
    }
}
