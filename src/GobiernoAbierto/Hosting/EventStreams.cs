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

/// <summary>The answers thin endpoints give: a read model by id, or the command's outcome shown as a read model.</summary>
public static class Answers
{
    public static async Task<IResult> ReadAsync<TView>(IQuerySession session, Guid id, Rejection notFound, CancellationToken cancellation)
        where TView : notnull =>
        await session.LoadAsync<TView>(id, cancellation) is { } view ? Results.Ok(view) : Problems.Result(notFound);

    /// <summary>Decide on aggregate T; answer the problem, or the read model TView of the same id after the commit.</summary>
    public static async Task<IResult> DecideAsync<T, TView>(IDocumentSession session, Guid id, Rejection notFound, Func<T, Decision> decide,
        CancellationToken cancellation, bool exclusive = false) where T : class where TView : notnull
    {
        var (_, rejection) = await EventStreams.DecideAsync(session, id, notFound, decide, cancellation, exclusive);
        return rejection is null ? await ReadAsync<TView>(session, id, notFound, cancellation) : Problems.Result(rejection);
    }
}
