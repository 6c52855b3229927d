using JasperFx.Events.Projections;

namespace GobiernoAbierto.Tally;

public static class Configuration
{
    /// <summary>Inline: the tally moves in the same transaction as the ballots it counts.</summary>
    public static void AddTally(this StoreOptions opts)
    {
        opts.Projections.Snapshot<JornadaTally>(SnapshotLifecycle.Inline);
        opts.Projections.Add<TurnoutTimelineProjection>(ProjectionLifecycle.Async);
    }
}
