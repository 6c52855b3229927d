using JasperFx.Events.Projections;

namespace GobiernoAbierto.Audit;

public static class Configuration
{
    public static void AddAudit(this StoreOptions opts) =>
        opts.Projections.Add(new AuditLogProjection(), ProjectionLifecycle.Async);
}
