using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Territory;
using static GobiernoAbierto.Tests.Unit.Submissions;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_outcome_is_worked_out
{
    [Fact]
    public void the_option_with_most_votes_wins() =>
        Assert.Equal(new Outcome(OutcomeKind.Winner, "B"), Outcome.From(new Dictionary<string, long> { ["A"] = 41, ["B"] = 42 }));

    [Fact]
    public void a_single_vote_is_enough_to_win() =>
        Assert.Equal(new Outcome(OutcomeKind.Winner, "A"), Outcome.From(new Dictionary<string, long> { ["A"] = 1, ["B"] = 0 }));

    [Fact]
    public void equal_votes_are_a_tie_without_a_winner() =>
        Assert.Equal(new Outcome(OutcomeKind.Tie, null), Outcome.From(new Dictionary<string, long> { ["A"] = 42, ["B"] = 42 }));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void no_votes_at_all_is_no_ballots(int options) =>
        Assert.Equal(new Outcome(OutcomeKind.NoBallots, null),
            Outcome.From(Enumerable.Range(0, options).ToDictionary(i => ((char)('A' + i)).ToString(), _ => 0L)));
}

public sealed class when_the_tally_follows_the_jornada
{
    private readonly JornadaBuilder _builder = JornadaBuilder.Open().WithKiosk(JornadaBuilder.Kiosk2)
        .WithKioskBallots(JornadaBuilder.Kiosk1, "A", "A", "B")
        .WithKioskBallots(JornadaBuilder.Kiosk2, "B")
        .WithOnlineBallots("A", "B", "A", "A");

    [Fact]
    public void a_new_tally_is_pending_with_every_option_at_zero()
    {
        var tally = JornadaBuilder.Preparing().WithOptions().BuildTally();

        Assert.Equal(JornadaStatus.Preparing, tally.Status);
        Assert.Equal(JornadaBuilder.Title, tally.Title);
        Assert.Equal([new OptionCount("A", JornadaBuilder.OptionA.Title, 0), new OptionCount("B", JornadaBuilder.OptionB.Title, 0)], tally.Options);
        Assert.Equal(Outcome.Pending, tally.Outcome);
    }

    [Fact]
    public void ballots_are_counted_per_option_channel_and_kiosk()
    {
        var tally = _builder.BuildTally();

        Assert.Equal(JornadaStatus.Open, tally.Status);
        Assert.Equal(8, tally.TotalBallots);
        Assert.Equal(new Dictionary<string, long> { ["A"] = 5, ["B"] = 3 }, tally.Options.ToDictionary(o => o.OptionId, o => o.Votes));
        Assert.Equal(new Dictionary<string, long> { ["kiosk"] = 4, ["online"] = 4 }, tally.ByChannel);
        Assert.Equal(new Dictionary<string, long> { [JornadaBuilder.Kiosk1] = 3, [JornadaBuilder.Kiosk2] = 1 }, tally.ByKiosk);
        Assert.Equal(_builder.Ballots.Last().Hash, tally.ChainHead);
        Assert.Equal(Outcome.Pending, tally.Outcome);
    }

    [Fact]
    public void turnout_adds_up_over_group_commits()
    {
        var tally = _builder
            .Then(new TurnoutRecorded(_builder.Id,
                new Dictionary<string, int> { ["loma-bonita"] = 2, ["san-pedro-martir"] = 1 },
                new Dictionary<string, int> { [QueretaroTerritory.FelixOsores] = 2, [QueretaroTerritory.FelipeCarrillo] = 1 }))
            .Then(new TurnoutRecorded(_builder.Id,
                new Dictionary<string, int> { ["loma-bonita"] = 1, ["el-paraiso"] = 4 },
                new Dictionary<string, int> { [QueretaroTerritory.FelixOsores] = 5 }))
            .BuildTally();

        Assert.Equal(new Dictionary<string, long> { ["loma-bonita"] = 3, ["san-pedro-martir"] = 1, ["el-paraiso"] = 4 }, tally.TurnoutByColonia);
        Assert.Equal(new Dictionary<string, long> { [QueretaroTerritory.FelixOsores] = 7, [QueretaroTerritory.FelipeCarrillo] = 1 }, tally.TurnoutByDelegacion);
    }

    [Fact]
    public void a_group_commit_moves_the_tally_and_the_turnout_together()
    {
        var builder = JornadaBuilder.Open();
        var jornada = builder.Build();
        var (_, write) = Decide(jornada,
        [
            Online(jornada, Voter(jornada, 1), "A", "loma-bonita"),
            Online(jornada, Voter(jornada, 2), "B", "san-pedro-martir"),
            AtKiosk(jornada, JornadaBuilder.Kiosk1, Voter(jornada, 3), "A", "loma-bonita"),
        ]);

        var tally = builder.Then(write.Ballots).Then(write.Turnout!).BuildTally();

        Assert.Equal(3, tally.TotalBallots);
        Assert.Equal(tally.TotalBallots, tally.TurnoutByColonia.Values.Sum());
        Assert.Equal(tally.TotalBallots, tally.TurnoutByDelegacion.Values.Sum());
        Assert.Equal(2, tally.TurnoutByColonia["loma-bonita"]);
        Assert.Equal(1, tally.TurnoutByDelegacion[QueretaroTerritory.FelipeCarrillo]);
    }

    [Fact]
    public void closing_fixes_the_outcome_from_the_seal()
    {
        var tally = _builder.Closed().BuildTally();

        Assert.Equal(JornadaStatus.Closed, tally.Status);
        Assert.Equal(new Outcome(OutcomeKind.Winner, "A"), tally.Outcome);
        Assert.Equal(8, tally.Seal!.BallotCount);
    }

    [Fact]
    public void certification_and_publication_are_recorded()
    {
        var certified = _builder.Closed().Certified().BuildTally();
        Assert.Equal((JornadaStatus.Certified, "auditor@ieeq.test"), (certified.Status, certified.CertifiedBy));

        var published = _builder.Published("A").BuildTally();
        Assert.Equal((JornadaStatus.Published, "A"), (published.Status, published.PublishedOptionId));
    }
}
