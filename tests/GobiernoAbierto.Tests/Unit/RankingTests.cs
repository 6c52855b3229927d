using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_ranking_follows_the_tables
{
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table1;
    private readonly WorkTableBuilder _table2;

    public when_the_ranking_follows_the_tables()
    {
        _table1 = WorkTableBuilder.Convened(_process, 1).WithParticipants(5);
        _table2 = WorkTableBuilder.Convened(_process, 2).WithParticipants(3);
    }

    private ProcessRanking Ranking(params ProposalBuilder[] proposals) =>
        ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table1, _table2], proposals));

    private static RankingEntry Entry(ProcessRanking ranking, ProposalBuilder proposal) => ranking.Entries.Single(e => e.ProposalId == proposal.Id);

    [Fact]
    public void a_new_proposal_enters_with_its_table_and_no_endorsements_or_verdict()
    {
        var proposal = _table2.Proposal(1, "Cancha de usos múltiples");

        var entry = Entry(Ranking(proposal), proposal);

        Assert.Equal(new RankingEntry(proposal.Id, "Cancha de usos múltiples", 2, entry.Endorsers, ProposalStatus.Deliberating, null, null,
            ProposalBuilder.SubmittedAt), entry);
        Assert.Empty(entry.Endorsers);
        Assert.False(entry.Viable);
    }

    [Fact]
    public void each_endorsement_adds_its_participant_once()
    {
        var proposal = _table1.Proposal(1, "Alumbrado del parque");
        _table1.EndorsedBy(proposal.Id, 1, 2);
        _table1.Then(_table1.Events.OfType<ProposalEndorsed>().First()); // the same endorsement delivered twice

        Assert.Equal([_table1.Participant(1), _table1.Participant(2)], Entry(Ranking(proposal), proposal).Endorsers);
    }

    [Fact]
    public void the_feasibility_study_brings_the_verdict_and_the_cost_estimate()
    {
        var viable = _table1.Proposal(1, "Alumbrado del parque").Studied(viable: true, cost: 830_000m);
        var notViable = _table1.Proposal(2, "Puente peatonal").Studied(viable: false, cost: 9_000_000m);

        var ranking = Ranking(viable, notViable);

        Assert.Equal((Verdict.Viable, 830_000m, true), (Entry(ranking, viable).Verdict, Entry(ranking, viable).CostEstimate, Entry(ranking, viable).Viable));
        Assert.Equal((Verdict.NotViable, 9_000_000m, false),
            (Entry(ranking, notViable).Verdict, Entry(ranking, notViable).CostEstimate, Entry(ranking, notViable).Viable));
    }

    [Fact]
    public void a_withdrawn_proposal_drops_out_of_the_ranking_even_if_viable()
    {
        var withdrawn = _table1.Proposal(1, "Alumbrado del parque").Studied();
        var kept = _table1.Proposal(2, "Banquetas seguras");
        _table1.EndorsedBy(withdrawn.Id, 1, 2, 3);
        withdrawn.Withdrawn();

        var ranking = Ranking(withdrawn, kept);

        Assert.Equal((ProposalStatus.Withdrawn, false), (Entry(ranking, withdrawn).Status, Entry(ranking, withdrawn).Viable));
        Assert.Equal([kept.Id], ranking.Ranked().Select(e => e.ProposalId));
    }

    [Fact]
    public void a_merged_duplicate_hands_its_endorsers_to_the_survivor_each_person_once()
    {
        var survivor = _table1.Proposal(1, "Pavimentación de la calle Encino");
        var duplicate = _table1.Proposal(2, "Pavimentar Encino");
        _table1.EndorsedBy(survivor.Id, 2, 3).EndorsedBy(duplicate.Id, 1, 2);
        duplicate.MergedInto(survivor, endorsers: [_table1.Participant(1), _table1.Participant(2)]);

        var ranking = Ranking(survivor, duplicate);

        Assert.Equal(new[] { 1, 2, 3 }.Select(_table1.Participant).Order(), Entry(ranking, survivor).Endorsers.Order());
        Assert.Equal(ProposalStatus.Merged, Entry(ranking, duplicate).Status);
        Assert.Equal([survivor.Id], ranking.Ranked().Select(e => e.ProposalId));
    }

    [Fact]
    public void endorsers_follow_a_chain_of_merges_across_tables()
    {
        var first = _table1.Proposal(1, "Encino");
        var second = _table1.Proposal(2, "Calle Encino");
        var last = _table2.Proposal(1, "Pavimentación de la calle Encino");
        _table1.EndorsedBy(first.Id, 1, 4);
        _table1.EndorsedBy(second.Id, 4, 5);
        _table2.EndorsedBy(last.Id, 1);
        first.MergedInto(second, endorsers: [_table1.Participant(1), _table1.Participant(4)]);
        second.MergedInto(last, endorsers: [_table1.Participant(1), _table1.Participant(4), _table1.Participant(5)]);

        var ranked = Assert.Single(Ranking(first, second, last).Ranked());

        Assert.Equal(last.Id, ranked.ProposalId);
        Assert.Equal(4, ranked.Endorsers.Count);
    }
}

public sealed class when_proposals_are_ranked
{
    private static readonly DateTimeOffset Early = ProposalBuilder.SubmittedAt;

    private static RankingEntry Entry(string title, int endorsements, decimal? cost, DateTimeOffset? submittedAt = null,
        ProposalStatus status = ProposalStatus.Deliberating) =>
        new(Guid.NewGuid(), title, 1, Enumerable.Range(0, endorsements).Select(_ => Guid.NewGuid()).ToList(), status,
            cost is null ? null : Verdict.Viable, cost, submittedAt ?? Early);

    private static IEnumerable<string> Order(params RankingEntry[] entries) =>
        new ProcessRanking(Guid.NewGuid(), entries).Ranked().Select(e => e.Title);

    [Fact]
    public void more_endorsements_rank_first_whatever_they_cost() =>
        Assert.Equal(["tres", "dos", "uno"], Order(Entry("uno", 1, 100m), Entry("tres", 3, 9_000_000m), Entry("dos", 2, 500m)));

    [Fact]
    public void on_equal_endorsements_the_lower_cost_estimate_ranks_first() =>
        Assert.Equal(["barata", "cara"], Order(Entry("cara", 2, 1_250_000m), Entry("barata", 2, 830_000m)));

    [Fact]
    public void a_proposal_without_a_study_ranks_after_the_studied_ones_with_as_many_endorsements() =>
        Assert.Equal(["estudiada", "sin estudio", "menos respaldos"],
            Order(Entry("sin estudio", 2, null), Entry("menos respaldos", 1, 1m), Entry("estudiada", 2, 999_999_999m)));

    [Fact]
    public void on_equal_endorsements_and_cost_the_earlier_submission_ranks_first() =>
        Assert.Equal(["primera", "segunda"], Order(Entry("segunda", 2, 830_000m, Early.AddMinutes(5)), Entry("primera", 2, 830_000m, Early)));

    [Fact]
    public void only_proposals_in_deliberation_are_ranked() =>
        Assert.Equal(["activa"], Order(Entry("retirada", 9, 1m, status: ProposalStatus.Withdrawn), Entry("activa", 0, null),
            Entry("fusionada", 9, 1m, status: ProposalStatus.Merged)));

    [Fact]
    public void the_written_rule_states_the_order_and_the_shortlist()
    {
        Assert.Contains("número de respaldos", ProcessRanking.Rule);
        Assert.Contains("menor costo estimado", ProcessRanking.Rule);
        Assert.Contains("la presentada primero", ProcessRanking.Rule);
        Assert.Contains("las dos primeras con dictamen viable", ProcessRanking.Rule);
    }
}
