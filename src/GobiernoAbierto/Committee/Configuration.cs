using JasperFx.Events.Projections;

namespace GobiernoAbierto.Committee;

public static class Configuration
{
    public static void AddCommittee(this StoreOptions opts) =>
        opts.Projections.Add(new CommitteeFollowUpProjection(), ProjectionLifecycle.Inline);
}
