using JasperFx.Events.Projections;
using Marten;

namespace GobiernoAbierto.WorkProgress;

public static class Configuration
{
    public static void AddWorkProgress(this StoreOptions opts) =>
        opts.Projections.Add(new ChosenWorkProgressProjection(), ProjectionLifecycle.Inline);
}
