using JasperFx.Events.Projections;

namespace GobiernoAbierto.Tally;

public static class Configuration
{
    /// <summary>
    /// The live tally needs no projection of its own: it is a view of the Jornada's inline snapshot (JornadaTally.Of),
    /// which moves in the same transaction as the ballots it counts. The turnout timeline follows asynchronously.
    /// </summary>
    public static void AddTally(this StoreOptions opts) => opts.Projections.Add<TurnoutTimelineProjection>(ProjectionLifecycle.Async);
}
