using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_process_jornada_is_opened
{
    private static readonly DateTimeOffset Now = JornadaBuilder.Opens;

    [Fact]
    public void it_opens_when_the_process_is_at_the_jornada_stage()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada);
        var jornada = process.Jornada().WithKiosk(JornadaBuilder.Kiosk1);

        var opened = Decisions.Event<JornadaOpened>(OpenJornadaEndpoint.Decide(jornada.Build(), process.Build(), JornadaBuilder.Staff, Now));

        Assert.Equal(new JornadaOpened(process.JornadaId, JornadaBuilder.Staff, Now), opened with { Record = null });
        Assert.Equal(JornadaStatus.Open, jornada.Then(opened).Build().Status);
    }

    [Fact]
    public void with_the_shortlist_chosen_but_the_stage_not_advanced_it_stays_closed()
    {
        var process = ProcessBuilder.AtStage(Stage.SecondWorkTable).WithShortlist();

        var decision = OpenJornadaEndpoint.Decide(process.Jornada().Build(), process.Build(), JornadaBuilder.Staff, Now);

        Assert.Equal("wrong_stage", Decisions.Refusal(decision));
        Assert.Contains("está en la etapa «Segunda mesa de trabajo»", decision.Rejection!.Detail);
    }

    [Fact]
    public void once_the_process_moved_past_the_jornada_it_does_not_open()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);

        var decision = OpenJornadaEndpoint.Decide(process.Jornada().Build(), process.Build(), JornadaBuilder.Staff, Now);

        Assert.Equal("wrong_stage", Decisions.Refusal(decision));
        Assert.Contains("«Firma de convenio»", decision.Rejection!.Detail);
    }
}

public sealed class when_a_process_jornada_gets_its_options
{
    private static readonly DateTimeOffset Now = JornadaBuilder.Before.AddHours(1);
    private static readonly IReadOnlyList<BallotOption> ByHand = SetBallotOptionsEndpoint.Number(
    [
        new BallotOptionInput("Cancha de usos múltiples", "Rehabilitación completa.", 2_400_000m),
        new BallotOptionInput("Banquetas seguras", "Banquetas accesibles.", 1_850_000m),
    ]);

    private readonly ProcessBuilder _process = ProcessBuilder.AtStage(Stage.Jornada);

    [Fact]
    public void options_typed_by_staff_are_refused_because_they_come_from_the_shortlist()
    {
        var jornada = _process.Jornada();

        var decision = SetBallotOptionsEndpoint.Decide(jornada.Build(), ByHand, "staff", JornadaBuilder.Staff, Now);

        Assert.Equal("options_from_shortlist", Decisions.Refusal(decision));
        Assert.Equal([_process.ShortlistedIds[0], _process.ShortlistedIds[1]], jornada.Build().Options.Select(o => o.ProposalId!.Value));
    }

    [Fact]
    public void options_from_the_shortlist_are_accepted()
    {
        // Changed (the finalists' titles corrected): the same options again would be no change, and record nothing.
        var options = _process.Jornada().Build().Options.Select(o => o with { Title = o.Title + " (corregido)" }).ToList();

        var set = Decisions.Event<BallotOptionsSet>(SetBallotOptionsEndpoint.Decide(_process.Jornada().Build(), options, "shortlist", JornadaBuilder.Staff, Now));

        Assert.Equal((_process.JornadaId, "shortlist"), (set.JornadaId, set.Source));
        Assert.Equal(options, set.Options);
    }

    [Fact]
    public void once_open_not_even_the_shortlist_changes_the_ballot()
    {
        var open = _process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().Build();

        Assert.Equal("ballot_already_open", Decisions.Refusal(
            SetBallotOptionsEndpoint.Decide(open, open.Options, "shortlist", JornadaBuilder.Staff, JornadaBuilder.During)));
    }
}
