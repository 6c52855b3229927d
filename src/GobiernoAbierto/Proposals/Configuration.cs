using JasperFx.Events.Projections;

namespace GobiernoAbierto.Proposals;

public static class Configuration
{
    public static void AddProposals(this StoreOptions opts)
    {
        opts.Projections.Snapshot<Proposal>(SnapshotLifecycle.Inline);
        opts.Projections.Add(new ProposalDetailsProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ProcessRankingProjection(), ProjectionLifecycle.Inline);
    }
}
