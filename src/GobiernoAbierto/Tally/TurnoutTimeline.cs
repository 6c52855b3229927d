using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace GobiernoAbierto.Tally;

/// <summary>People who voted in one quarter of an hour (by when their group commit was written).</summary>
public sealed record TurnoutBucket(DateTimeOffset Start, long People);

/// <summary>
/// Turnout over a Jornada's day for the staff dashboard, in quarter hours. Totals only (no colonia, no channel, never a
/// choice), and kept by the async daemon, off the ballot's path.
/// </summary>
public sealed record TurnoutTimeline(Guid Id, IReadOnlyList<TurnoutBucket> Buckets)
{
    public static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(15);

    public static DateTimeOffset BucketOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % BucketLength.Ticks, TimeSpan.Zero);
}

public sealed class TurnoutTimelineProjection : SingleStreamProjection<TurnoutTimeline, Guid>
{
    public static TurnoutTimeline Create(JornadaCreated e) => new(e.JornadaId, []);

    public static TurnoutTimeline Apply(IEvent<TurnoutRecorded> e, TurnoutTimeline timeline)
    {
        var people = e.Data.ByDelegacion.Values.Sum();
        var bucket = TurnoutTimeline.BucketOf(e.Timestamp);
        return timeline.Buckets is [.., var last] && last.Start == bucket
            ? timeline with { Buckets = [.. timeline.Buckets.SkipLast(1), last with { People = last.People + people }] }
            : timeline with { Buckets = [.. timeline.Buckets, new TurnoutBucket(bucket, people)] };
    }
}
