using GobiernoAbierto.Hosting;
using Marten;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// The one way staff commands change a Jornada: load it for writing, let a pure decision say which events follow,
/// append them and commit, or answer the rejection. Optimistic concurrency comes from FetchForWriting; commands that
/// must see the ballot box at rest (closing) lock the stream instead.
/// </summary>
public static class JornadaStream
{
    public static async Task<(Jornada? Jornada, Rejection? Rejection)> DecideAsync(
        IDocumentSession session, Guid jornadaId, Func<Jornada, Decision> decide, CancellationToken cancellation,
        bool exclusive = false)
    {
        var stream = exclusive
            ? await session.Events.FetchForExclusiveWriting<Jornada>(jornadaId, cancellation)
            : await session.Events.FetchForWriting<Jornada>(jornadaId, cancellation);
        if (stream.Aggregate is null) return (null, JornadaNotFound);

        var decision = decide(stream.Aggregate);
        if (decision.Rejection is { } rejection) return (null, rejection);

        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(cancellation);
        return (await session.LoadAsync<Jornada>(jornadaId, cancellation), null);
    }

    public static readonly Rejection JornadaNotFound = Rejection.NotFound("una Jornada con ese identificador");
}
