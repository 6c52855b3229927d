using GobiernoAbierto.Committee;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;
using JasperFx.Events.Projections;
using Marten;

namespace GobiernoAbierto.Proposals;

/// <summary>The deliberation side of the process: tables, proposals, the ranking, the committee, the chosen work.</summary>
public static class Configuration
{
    public static void AddDeliberation(this StoreOptions opts)
    {
        opts.Projections.Snapshot<WorkTable>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Proposal>(SnapshotLifecycle.Inline);
        opts.Projections.Add(new ProposalDetailsProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ProcessRankingProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new CommitteeFollowUpProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ChosenWorkProgressProjection(), ProjectionLifecycle.Inline);
    }
}
