using JasperFx.Events.Projections;

namespace GobiernoAbierto.Process;

public static class Configuration
{
    public static void AddProcess(this StoreOptions opts)
    {
        opts.Projections.Snapshot<ParticipationProcess>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<ProcessTimeline>(SnapshotLifecycle.Inline);
    }
}
