using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Shortlist;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Two tables, five proposals. By endorsements: Puente (4, not viable), Encino (3, viable $1,250,000),
/// Alumbrado (2, viable $830,000), Banquetas (1, viable $900,000); Cancha had 4 and was viable but was withdrawn.
/// </summary>
public sealed class when_the_second_table_chooses_the_shortlist
{
    private static readonly DateTimeOffset Now = ProcessBuilder.On(Stage.SecondWorkTable).AddHours(3);

    private readonly ProcessBuilder _process = ProcessBuilder.AtStage(Stage.SecondWorkTable);
    private readonly WorkTableBuilder _table1;
    private readonly WorkTableBuilder _table2;
    private readonly ProposalBuilder _encino;
    private readonly ProposalBuilder _alumbrado;
    private readonly ProposalBuilder _puente;
    private readonly ProposalBuilder _banquetas;
    private readonly ProposalBuilder _cancha;
    private readonly List<ProposalBuilder> _all;
    private readonly Guid _jornadaId = Guid.NewGuid();

    public when_the_second_table_chooses_the_shortlist()
    {
        _table1 = WorkTableBuilder.Convened(_process, 1).WithParticipants(6);
        _table2 = WorkTableBuilder.Convened(_process, 2).WithParticipants(4);
        _encino = _table1.Proposal(1, "Pavimentación de la calle Encino").Studied(cost: 1_250_000m);
        _puente = _table1.Proposal(2, "Puente peatonal sobre el bulevar").Studied(viable: false, cost: 9_000_000m);
        _banquetas = _table1.Proposal(3, "Banquetas seguras").Studied(cost: 900_000m);
        _alumbrado = _table2.Proposal(1, "Alumbrado del parque Loma Bonita").Studied(cost: 830_000m);
        _cancha = _table2.Proposal(2, "Cancha de usos múltiples").Studied(cost: 700_000m);
        _table1.EndorsedBy(_encino.Id, 1, 2, 3).EndorsedBy(_puente.Id, 1, 2, 3, 4).EndorsedBy(_banquetas.Id, 5);
        _table2.EndorsedBy(_alumbrado.Id, 1, 2).EndorsedBy(_cancha.Id, 1, 2, 3, 4);
        _cancha.Withdrawn();
        _all = [_encino, _puente, _banquetas, _alumbrado, _cancha];
    }

    private (Rejection? Rejection, ShortlistChosen? Shortlist, object[] JornadaEvents) Choose(ChooseShortlist command,
        params ProposalBuilder[] more) => ChooseAt(Now, command, more);

    private (Rejection? Rejection, ShortlistChosen? Shortlist, object[] JornadaEvents) ChooseAt(DateTimeOffset now, ChooseShortlist command,
        params ProposalBuilder[] more)
    {
        var ranking = ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table1, _table2], _all));
        var proposals = _all.Concat(more).Select(p => p.Build()).ToDictionary(p => p.Id);
        return ByStream(ChooseShortlistEndpoint.Decide(_process.Build(), ranking, proposals, command, _jornadaId, ProcessBuilder.Staff, now));
    }

    /// <summary>The decision split by stream: the process's shortlist, and the new Jornada's events (the other stream).</summary>
    private static (Rejection? Rejection, ShortlistChosen? Shortlist, object[] JornadaEvents) ByStream(Decision decision) =>
        (decision.Rejection, (ShortlistChosen?)decision.Events.SingleOrDefault(), [.. decision.OtherStream]);

    private static readonly ChooseShortlist ByTheRule = new(null, null, null);

    private static string Refusal((Rejection? Rejection, ShortlistChosen? Shortlist, object[] JornadaEvents) decision)
    {
        Assert.Null(decision.Shortlist);
        Assert.Empty(decision.JornadaEvents);
        return Assert.IsType<Rejection>(decision.Rejection).Code;
    }

    private static IReadOnlyList<BallotOption> Options(object[] jornadaEvents) => Assert.IsType<BallotOptionsSet>(jornadaEvents[1]).Options;

    [Fact]
    public void by_the_ranking_rule_the_top_two_viable_proposals_become_options_a_and_b()
    {
        var (rejection, shortlist, jornada) = Choose(ByTheRule);

        Assert.Null(rejection);
        Assert.Equal([_encino.Id, _alumbrado.Id], shortlist!.ProposalIds);
        Assert.Equal(
        [
            new BallotOption("A", "Pavimentación de la calle Encino", "Descripción de la obra: Pavimentación de la calle Encino.", 1_250_000m, _encino.Id),
            new BallotOption("B", "Alumbrado del parque Loma Bonita", "Descripción de la obra: Alumbrado del parque Loma Bonita.", 830_000m, _alumbrado.Id),
        ], Options(jornada));
    }

    [Fact]
    public void the_shortlist_records_the_rule_and_the_ranking_it_looked_at()
    {
        var shortlist = Choose(ByTheRule).Shortlist!;

        Assert.Equal((_process.Id, _jornadaId, ProcessRanking.Rule, ProcessBuilder.Staff, Now),
            (shortlist.ProcessId, shortlist.JornadaId, shortlist.Rule, shortlist.ChosenBy, shortlist.ChosenAt));
        Assert.Equal(
        [
            new RankedProposal(_puente.Id, _puente.Title, 4, false, 9_000_000m, ProposalBuilder.SubmittedAt),
            new RankedProposal(_encino.Id, _encino.Title, 3, true, 1_250_000m, ProposalBuilder.SubmittedAt),
            new RankedProposal(_alumbrado.Id, _alumbrado.Title, 2, true, 830_000m, ProposalBuilder.SubmittedAt),
            new RankedProposal(_banquetas.Id, _banquetas.Title, 1, true, 900_000m, ProposalBuilder.SubmittedAt),
        ], shortlist.Ranking);
    }

    [Fact]
    public void the_jornada_it_creates_belongs_to_the_process_and_its_territory()
    {
        var (_, shortlist, jornadaEvents) = Choose(ByTheRule);

        var created = Assert.IsType<JornadaCreated>(jornadaEvents[0]);
        Assert.Equal((_jornadaId, (Guid?)_process.Id, $"Jornada de Participación — {ProcessBuilder.Title}", VoterIdKind.ClaveElector),
            (created.JornadaId, created.ProcessId, created.Title, created.VoterIdKind));
        var process = _process.Build();
        Assert.Equal(process.Territory.Delegaciones, created.Delegaciones);
        Assert.Equal(process.Territory.Colonias, created.Colonias);
        var set = Assert.IsType<BallotOptionsSet>(jornadaEvents[1]);
        Assert.Equal((_jornadaId, "shortlist", ProcessBuilder.Staff, Now), (set.JornadaId, set.Source, set.SetBy, set.SetAt));

        var jornada = JornadaBuilder.Fold(jornadaEvents);
        Assert.Equal((JornadaStatus.Preparing, (Guid?)_process.Id), (jornada.Status, jornada.ProcessId));
        Assert.Equal(_jornadaId, _process.Then(shortlist!).Build().JornadaId);
    }

    [Fact]
    public void by_default_voting_runs_on_the_calendar_jornada_day_from_eight_to_six_in_queretaro()
    {
        var created = Assert.IsType<JornadaCreated>(Choose(ByTheRule).JornadaEvents[0]);

        Assert.Equal(QueretaroTime.At(ProcessBuilder.JornadaDay, new TimeOnly(8, 0)), created.VotingOpensAt);
        Assert.Equal(QueretaroTime.At(ProcessBuilder.JornadaDay, new TimeOnly(18, 0)), created.VotingClosesAt);
        Assert.Equal((JornadaBuilder.Opens, JornadaBuilder.Closes), (created.VotingOpensAt, created.VotingClosesAt)); // 14:00-24:00 UTC
        Assert.Equal(TimeSpan.FromHours(-6), created.VotingOpensAt.Offset);
    }

    [Fact]
    public void a_window_that_already_closed_is_refused_the_calendars_saying_which_day_passed()
    {
        var afterTheDay = JornadaBuilder.Closes.AddMinutes(1);

        var (byCalendar, _, events) = ChooseAt(afterTheDay, ByTheRule);
        Assert.Empty(events);
        Assert.Equal("voting_window_closed", byCalendar!.Code);
        Assert.Equal($"El día de la Jornada en el calendario ({ProcessBuilder.JornadaDay:dd/MM/yyyy}) ya pasó: reprograme el calendario (la página pública muestra esa fecha), o indique la apertura y el cierre de la votación.",
            byCalendar.Detail);

        var (explicitWindow, _, _) = Choose(new ChooseShortlist(null, Now.AddHours(-3), Now));
        Assert.Equal(CreateJornadaEndpoint.WindowAlreadyClosed, explicitWindow);
        Assert.Null(ChooseAt(afterTheDay, new ChooseShortlist(null, afterTheDay, afterTheDay.AddHours(10))).Rejection);
    }

    /// <summary>The way out the refusal names: the calendar's Jornada re-planned, the default window falls on its new day.</summary>
    [Fact]
    public void once_the_calendar_is_replanned_the_default_window_falls_on_the_new_jornada_day()
    {
        var afterTheDay = JornadaBuilder.Closes.AddMinutes(1);
        var newDay = ProcessBuilder.JornadaDay.AddDays(7);
        _process.Then(Decisions.Event<CalendarReplanned>(ReplanCalendarEndpoint.Decide(_process.Build(),
            new ReplanCalendar([new CalendarEntry(Stage.Jornada, newDay, "Votar el proyecto de obra.")], "Se aplazó la Jornada."), ProcessBuilder.Staff, afterTheDay)));

        var (refusal, _, events) = ChooseAt(afterTheDay, ByTheRule);

        Assert.Null(refusal);
        var created = Assert.IsType<JornadaCreated>(events[0]);
        Assert.Equal((QueretaroTime.At(newDay, new TimeOnly(8, 0)), QueretaroTime.At(newDay, new TimeOnly(18, 0))), (created.VotingOpensAt, created.VotingClosesAt));
    }

    [Fact]
    public void an_explicit_window_lasts_at_most_31_days_like_any_jornada()
    {
        var validator = new ChooseShortlistValidator();
        Assert.True(validator.Validate(new ChooseShortlist(null, Now, Now.AddDays(31))).IsValid);
        Assert.Equal(["Una Jornada dura a lo más 31 días."],
            validator.Validate(new ChooseShortlist(null, Now, Now.AddDays(31).AddMinutes(1))).Errors.Select(e => e.ErrorMessage));
    }

    /// <summary>Only the opening filled in was also told «posterior a su apertura» and «a lo más 31 días» (an outside tester).</summary>
    [Fact]
    public void half_a_window_is_told_only_that_it_needs_both_ends()
    {
        var validator = new ChooseShortlistValidator();
        foreach (var half in new[] { new ChooseShortlist(null, Now, null), new ChooseShortlist(null, null, Now) })
            Assert.Equal(["Indique apertura y cierre de la votación, o ninguno para usar la fecha del calendario."],
                validator.Validate(half).Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["El cierre de la votación debe ser posterior a su apertura."],
            validator.Validate(new ChooseShortlist(null, Now, Now.AddDays(-40))).Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void an_explicit_window_and_identifier_kind_are_kept()
    {
        var opens = new DateTimeOffset(2020, 11, 28, 9, 0, 0, TimeSpan.FromHours(-6));

        var created = Assert.IsType<JornadaCreated>(Choose(new ChooseShortlist(null, opens, opens.AddDays(2), VoterIdKind.Curp)).JornadaEvents[0]);

        Assert.Equal((opens, opens.AddDays(2), VoterIdKind.Curp), (created.VotingOpensAt, created.VotingClosesAt, created.VoterIdKind));
    }

    [Fact]
    public void the_table_may_choose_two_viable_proposals_directly_in_its_own_order()
    {
        var (rejection, shortlist, jornada) = Choose(new ChooseShortlist([_banquetas.Id, _encino.Id], null, null));

        Assert.Null(rejection);
        Assert.Equal(ChooseShortlistEndpoint.DirectRule, shortlist!.Rule);
        Assert.Equal([_banquetas.Id, _encino.Id], shortlist.ProposalIds);
        Assert.Equal([("A", _banquetas.Id, 900_000m), ("B", _encino.Id, 1_250_000m)],
            Options(jornada).Select(o => (o.Id, o.ProposalId!.Value, o.EstimatedCost)));
    }

    [Fact]
    public void a_directly_chosen_proposal_must_be_viable_in_deliberation_and_of_this_process()
    {
        var otherProcess = ProcessBuilder.AtStage(Stage.SecondWorkTable);
        var foreign = WorkTableBuilder.Convened(otherProcess).WithParticipants(1).Proposal(1, "Parque lineal").Studied();
        var unknown = Guid.NewGuid();

        foreach (var (id, named) in new[] { (_puente.Id, $"«{_puente.Title}»"), (_cancha.Id, $"«{_cancha.Title}»"), (foreign.Id, "«Parque lineal»"),
                     (unknown, unknown.ToString()) })
        {
            var decision = Choose(new ChooseShortlist([_encino.Id, id], null, null), foreign);
            Assert.Equal("proposal_not_viable", Refusal(decision));
            Assert.Equal(422, decision.Rejection!.Status);
            Assert.Contains(named, decision.Rejection.Detail);
        }
    }

    [Fact]
    public void with_fewer_than_two_viable_proposals_the_rule_cannot_choose()
    {
        _alumbrado.Withdrawn();
        _banquetas.Studied(viable: false);

        var decision = Choose(ByTheRule);

        Assert.Equal("not_enough_viable_proposals", Refusal(decision));
        Assert.Equal(422, decision.Rejection!.Status);
    }

    [Fact]
    public void the_shortlist_is_chosen_once()
    {
        _process.Then(Choose(ByTheRule).Shortlist!);

        Assert.Equal("shortlist_already_chosen", Refusal(Choose(ByTheRule)));
    }

    /// <summary>
    /// The same choice sent again (its identifier names the Jornada it created) was refused as «Finalistas ya elegidas»,
    /// with no word of that Jornada, and once the process moved on to its Jornada as «no corresponde a la etapa»: it is
    /// refused as sent, whenever it comes. A choice with another identifier still answers by the rules.
    /// </summary>
    [Fact]
    public void the_same_choice_sent_again_is_refused_as_sent_and_another_by_the_rules()
    {
        var sent = ByTheRule with { JornadaId = _jornadaId };
        _process.Then(Choose(sent).Shortlist!);

        var again = Choose(sent);
        Assert.Equal(ChooseShortlistEndpoint.AlreadySentCode, Refusal(again));
        Assert.Equal(409, again.Rejection!.Status);
        Assert.Contains(_jornadaId.ToString(), again.Rejection.Detail);
        Assert.Equal("shortlist_already_chosen", Refusal(Choose(ByTheRule with { JornadaId = Guid.NewGuid() })));

        _process.Advanced(Stage.Jornada);
        Assert.Equal(ChooseShortlistEndpoint.AlreadySentCode, Refusal(Choose(sent)));
        Assert.Equal("wrong_stage", Refusal(Choose(ByTheRule with { JornadaId = Guid.NewGuid() })));
    }

    /// <summary>A client's identifier that already names another record (not a Jornada of this process) creates nothing.</summary>
    [Fact]
    public void an_identifier_that_names_another_record_is_refused_and_chooses_nothing()
    {
        var ranking = ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table1, _table2], _all));
        var decision = ChooseShortlistEndpoint.Decide(_process.Build(), ranking, _all.Select(p => p.Build()).ToDictionary(p => p.Id),
            ByTheRule with { JornadaId = _jornadaId }, _jornadaId, ProcessBuilder.Staff, Now, idTaken: true);

        Assert.Equal(("jornada_id_taken", 409), (decision.Rejection!.Code, decision.Rejection.Status));
        Assert.Contains(_jornadaId.ToString(), decision.Rejection.Detail);
        Assert.Empty(decision.Events);
        Assert.Empty(decision.OtherStream);
    }

    [Fact]
    public void the_shortlist_is_chosen_only_at_the_second_table()
    {
        var first = ProcessBuilder.Started();
        var process = first.Build();
        var ranking = ProposalBuilder.FoldRanking(first.Events);

        var decision = ByStream(ChooseShortlistEndpoint.Decide(process, ranking, new Dictionary<Guid, Proposal>(), ByTheRule, _jornadaId, ProcessBuilder.Staff, Now));

        Assert.Equal("wrong_stage", Refusal(decision));
        Assert.Contains("«Segunda mesa de trabajo»", decision.Rejection!.Detail);
    }
}
