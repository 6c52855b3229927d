using JasperFx.Events.Projections;

namespace GobiernoAbierto.WorkTables;

public static class Configuration
{
    public static void AddWorkTables(this StoreOptions opts) => opts.Projections.Snapshot<WorkTable>(SnapshotLifecycle.Inline);
}
