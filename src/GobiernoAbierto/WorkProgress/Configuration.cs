using JasperFx.Events.Projections;

namespace GobiernoAbierto.WorkProgress;

public static class Configuration
{
    public static void AddWorkProgress(this StoreOptions opts) =>
        opts.Projections.Add(new ChosenWorkProgressProjection(), ProjectionLifecycle.Inline);
}
