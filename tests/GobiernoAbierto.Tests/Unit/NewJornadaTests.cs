using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>The tie rule's second half: a certified tie, or a Jornada without ballots, lets the municipality vote again.</summary>
public sealed class when_a_new_jornada_is_called
{
    private static readonly DateTimeOffset Now = JornadaBuilder.Closes.AddDays(2);
    private static readonly CallNewJornada NextSunday = new(Now.AddDays(5), Now.AddDays(5).AddHours(10));
    private static readonly Guid NewId = Guid.NewGuid();

    private readonly ProcessBuilder _process = ProcessBuilder.AtStage(Stage.Jornada);

    private JornadaBuilder Tied() => _process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("A", "B").Closed().Certified();

    private Decision Call(JornadaBuilder jornada, CallNewJornada? command = null) =>
        CallNewJornadaEndpoint.Decide(_process.Build(), jornada.Build(), command ?? NextSunday, NewId, ProcessBuilder.Staff, Now);

    [Fact]
    public void after_a_certified_tie_the_new_jornada_carries_the_same_finalists_and_the_process_follows_it()
    {
        var tied = Tied();

        var decision = Call(tied);

        var called = Decisions.Event<NewJornadaCalled>(decision);
        Assert.Equal((_process.Id, _process.JornadaId, "tally_tied", NewId, ProcessBuilder.Staff, Now),
            (called.ProcessId, called.EarlierJornadaId, called.EarlierOutcome, called.JornadaId, called.CalledBy, called.CalledAt));
        Assert.Equal(_process.ShortlistedIds, called.ProposalIds);

        var jornada = JornadaBuilder.From(decision.OtherStream).Build();
        Assert.Equal((NewId, _process.Id, JornadaStatus.Preparing), (jornada.Id, jornada.ProcessId, jornada.Status));
        Assert.Equal(tied.Build().Options, jornada.Options);
        Assert.Equal((NextSunday.VotingOpensAt, NextSunday.VotingClosesAt), (jornada.VotingOpensAt, jornada.VotingClosesAt));
        Assert.Equal($"Jornada de Participación — {ProcessBuilder.Title} (convocatoria 2)", jornada.Title);
        Assert.Equal(3, jornada.RecordLength); // created, called again and options set, chained in the new Jornada's own record
        Assert.Equal(tied.Id, jornada.EarlierJornadaId);

        var process = _process.Then(called).Build();
        Assert.Equal(NewId, process.JornadaId);
        Assert.Equal([_process.JornadaId], process.EarlierJornadaIds);
    }

    /// <summary>
    /// The same call sent again (its identifier already names the Jornada it called) used to be read as a call for yet
    /// another Jornada, refused because the one just called «lacks the IEEQ's certification».
    /// </summary>
    [Fact]
    public void the_same_call_sent_again_is_refused_as_made_and_another_call_still_by_the_rules()
    {
        var tied = Tied();
        var sent = NextSunday with { JornadaId = NewId };
        var first = Call(tied, sent);
        var after = _process.Then(Decisions.Event<NewJornadaCalled>(first)).Build();
        var calledJornada = JornadaBuilder.From(first.OtherStream).Build();

        var again = CallNewJornadaEndpoint.Decide(after, calledJornada, sent, NewId, ProcessBuilder.Staff, Now);
        Assert.Equal(CallNewJornadaEndpoint.AlreadyCalledCode, Decisions.Refusal(again));
        Assert.Equal(409, again.Rejection!.Status);
        Assert.Contains("no se convocó otra", again.Rejection.Detail);

        var otherId = Guid.NewGuid();
        var another = CallNewJornadaEndpoint.Decide(after, calledJornada, NextSunday with { JornadaId = otherId }, otherId, ProcessBuilder.Staff, Now);
        Assert.Equal("tally_not_certified", Decisions.Refusal(another));
    }

    /// <summary>
    /// A call sent from a second tab (or by a colleague) after another call replaced the same Jornada was answered about
    /// the new Jornada's certification («Falta la certificación del IEEQ»). Saying which Jornada it replaces, it is
    /// refused as beaten, naming the Jornada the process follows now. Without it, or replacing the current one, the rules.
    /// </summary>
    [Fact]
    public void a_call_another_call_beat_names_the_jornada_called_instead()
    {
        var tied = Tied();
        var first = Call(tied, NextSunday with { EarlierJornadaId = tied.Id });
        var after = _process.Then(Decisions.Event<NewJornadaCalled>(first)).Build();
        var calledJornada = JornadaBuilder.From(first.OtherStream).Build();
        var otherId = Guid.NewGuid();

        var beaten = CallNewJornadaEndpoint.Decide(after, calledJornada, NextSunday with { JornadaId = otherId, EarlierJornadaId = tied.Id }, otherId,
            ProcessBuilder.Staff, Now);
        Assert.Equal((CallNewJornadaEndpoint.AlreadyReplacedCode, 409), (Decisions.Refusal(beaten), beaten.Rejection!.Status));
        Assert.Contains(NewId.ToString(), beaten.Rejection.Detail);
        Assert.Empty(beaten.OtherStream);

        Assert.Equal("tally_not_certified", Decisions.Refusal(CallNewJornadaEndpoint.Decide(after, calledJornada,
            NextSunday with { JornadaId = otherId, EarlierJornadaId = NewId }, otherId, ProcessBuilder.Staff, Now)));
        var resent = CallNewJornadaEndpoint.Decide(after, calledJornada, NextSunday with { JornadaId = otherId }, otherId, ProcessBuilder.Staff, Now);
        Assert.Equal("tally_not_certified", Decisions.Refusal(resent));
        // Sent again without saying what it replaces: told the process already follows a Jornada called again, not only «certify».
        Assert.Contains($"La Jornada que sigue el proceso ({NewId}) ya es una nueva convocatoria, tras la Jornada {tied.Id}", resent.Rejection!.Detail);
        Assert.DoesNotContain("nueva convocatoria", Call(_process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened()).Rejection!.Detail);
    }

    [Fact]
    public void an_identifier_that_names_another_record_is_refused_and_calls_nothing()
    {
        var chosen = Guid.NewGuid();
        var decision = CallNewJornadaEndpoint.Decide(_process.Build(), Tied().Build(), NextSunday with { JornadaId = chosen }, chosen,
            ProcessBuilder.Staff, Now, idTaken: true);

        Assert.Equal(("jornada_id_taken", 409), (Decisions.Refusal(decision), decision.Rejection!.Status));
        Assert.Contains(chosen.ToString(), decision.Rejection.Detail);
        Assert.Empty(decision.OtherStream);
    }

    [Fact]
    public void the_new_jornadas_record_names_the_earlier_jornada_and_where_its_record_stood()
    {
        var tied = Tied();
        var earlier = tied.Build();

        var decision = Call(tied);

        var again = decision.OtherStream.OfType<JornadaCalledAgain>().Single();
        Assert.Equal((NewId, earlier.Id, "tally_tied", earlier.RecordLength, earlier.RecordHead, ProcessBuilder.Staff, Now),
            (again.JornadaId, again.EarlierJornadaId, again.EarlierOutcome, again.EarlierRecordPosition, again.EarlierRecordHash, again.CalledBy, again.CalledAt));
        Assert.Equal(2, again.Record!.Position);
        var facts = decision.OtherStream.OfType<JornadaRecordEvent>().Select(AuditRecords.Fact).ToList();
        Assert.Equal(["jornada_created", "jornada_called_again", "ballot_options_set"], facts.Select(f => f.Type));
        var report = RecordVerifier.Verify(NewId, facts);
        Assert.True(report.Intact, report.FirstBreak?.Reason);

        // Written anywhere but right after the creation, or into a Jornada of no process, it was not the service's.
        var moved = RecordedJornada.Rechained(NewId, [facts[0], facts[2], facts[1]]);
        Assert.Contains("se anota justo después de su creación", RecordVerifier.Verify(NewId, moved).FirstBreak!.Reason);
        var loose = JornadaBuilder.Open();
        var looseFacts = RecordedJornada.Facts(loose);
        var forged = RecordedJornada.Rechained(loose.Id, [looseFacts[0], facts[1], .. looseFacts.Skip(1)]);
        Assert.Contains("solo la Jornada de un proceso se convoca de nuevo", RecordVerifier.Verify(loose.Id, forged).FirstBreak!.Reason);
    }

    [Fact]
    public void a_certified_jornada_without_ballots_can_be_called_again_and_the_count_of_calls_goes_on()
    {
        var empty = _process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().Closed().Certified();

        var decision = Call(empty);
        var called = Decisions.Event<NewJornadaCalled>(decision);
        Assert.Equal("no_ballots", called.EarlierOutcome);

        // The second call, once the new Jornada is tied as well, is the third convocatoria.
        _process.Then(called);
        var second = JornadaBuilder.From(decision.OtherStream).WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("B", "A").Closed().Certified();
        Assert.Equal("jornada_missing", Decisions.Refusal(Call(empty))); // the earlier one is not the process's Jornada any more
        var third = Call(second);
        Assert.Equal(NewId, Decisions.Event<NewJornadaCalled>(third).EarlierJornadaId);
        Assert.EndsWith("(convocatoria 3)", JornadaBuilder.From(third.OtherStream).Build().Title);
    }

    [Fact]
    public void a_jornada_with_a_winner_is_never_replaced()
    {
        var won = _process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("A", "A", "B").Closed().Certified();

        Assert.Equal("jornada_has_winner", Decisions.Refusal(Call(won)));
        Assert.Equal("already_published", Decisions.Refusal(Call(won.Published("A"))));
    }

    [Fact]
    public void only_the_ieeq_certification_of_the_tie_opens_the_way()
    {
        // An open Jornada past its window can still be closed, sealed and certified: it is not replaced.
        var open = _process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("A", "B");
        Assert.Equal("tally_not_certified", Decisions.Refusal(Call(open)));
        Assert.Equal("tally_not_certified", Decisions.Refusal(Call(open.Closed())));
        Assert.Equal("tally_not_certified", Decisions.Refusal(CallNewJornadaEndpoint.Decide(_process.Build(), _process.Jornada().Build(),
            NextSunday, NewId, ProcessBuilder.Staff, JornadaBuilder.During)));
    }

    [Fact]
    public void a_jornada_whose_window_ended_before_anyone_opened_it_is_called_again()
    {
        // Nothing can open it (voting_window_over) or move its window: without this the process would be stuck.
        var lapsed = _process.Jornada().WithKiosk(JornadaBuilder.Kiosk1);
        Assert.Null(CallNewJornadaEndpoint.WhyVoteAgain(lapsed.Build(), JornadaBuilder.Closes.AddSeconds(-1)));
        Assert.Equal("window_lapsed", CallNewJornadaEndpoint.WhyVoteAgain(lapsed.Build(), JornadaBuilder.Closes)!.Code);

        var called = Decisions.Event<NewJornadaCalled>(Call(lapsed));

        Assert.Equal("window_lapsed", called.EarlierOutcome);
        var timeline = Support.Fold.Into<ProcessTimeline>(_process.Then(called).Events);
        Assert.Equal("Sin abrir", timeline.EarlierJornadas.Single().OutcomeLabel);
        Assert.Contains("no se abrió", ProposalDetailsProjection.Apply(called, new ProposalDetails()).Timeline.Single().Text);
    }

    [Fact]
    public void at_another_stage_or_for_another_jornada_or_with_a_past_window_it_is_refused()
    {
        var tied = Tied();

        Assert.Equal("wrong_stage", Decisions.Refusal(CallNewJornadaEndpoint.Decide(ProcessBuilder.AtStage(Stage.SecondWorkTable).WithShortlist().Build(),
            tied.Build(), NextSunday, NewId, ProcessBuilder.Staff, Now)));
        Assert.Equal("jornada_missing", Decisions.Refusal(CallNewJornadaEndpoint.Decide(_process.Build(), null, NextSunday, NewId, ProcessBuilder.Staff, Now)));
        Assert.Equal("jornada_missing", Decisions.Refusal(Call(JornadaBuilder.Open().WithOnlineBallots("A", "B").Closed().Certified())));
        Assert.Equal("voting_window_closed", Decisions.Refusal(Call(tied, new CallNewJornada(Now.AddHours(-10), Now.AddMinutes(-1)))));
    }

    [Fact]
    public void the_window_is_checked_before_any_rule()
    {
        var validator = new CallNewJornadaValidator();
        Assert.False(validator.Validate(new CallNewJornada(Now.AddDays(1), Now.AddDays(1))).IsValid);
        Assert.False(validator.Validate(new CallNewJornada(Now.AddDays(1), Now.AddDays(40))).IsValid);
        Assert.False(validator.Validate(new CallNewJornada(default, Now.AddDays(1))).IsValid);
        Assert.True(validator.Validate(NextSunday).IsValid);
    }

    [Fact]
    public void the_public_timeline_and_each_finalist_say_why_there_is_another_vote()
    {
        var called = Decisions.Event<NewJornadaCalled>(Call(Tied()));
        var events = _process.Then(called).Events;

        var timeline = Support.Fold.Into<ProcessTimeline>(events);
        Assert.Equal(NewId, timeline.Shortlist!.JornadaId);
        var earlier = Assert.Single(timeline.EarlierJornadas);
        Assert.Equal((_process.JornadaId, "tally_tied", "Empate", Now, NewId),
            (earlier.JornadaId, earlier.Outcome, earlier.OutcomeLabel, earlier.NewJornadaCalledAt, earlier.NewJornadaId));

        var proposal = ProposalDetailsProjection.Apply(called, new ProposalDetails { Id = _process.ShortlistedIds[0] });
        var entry = Assert.Single(proposal.Timeline);
        Assert.Equal("new_jornada", entry.Kind);
        Assert.Contains("empatada", entry.Text);
        Assert.True(TimelineKinds.Labels.ContainsKey(entry.Kind));
    }
}
