using GobiernoAbierto.Process;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// After a tie (or a Jornada without ballots, or one that lapsed unopened) the calendar's convenio and committee sessions
/// fall on days that passed: staff re-plan the stages still to come, with a reason that is published.
/// </summary>
public sealed class when_the_calendar_is_replanned
{
    /// <summary>20/12/2020 in Querétaro (21:00, UTC-6), already the 21st in UTC: after the Jornada's day and the convenio's.</summary>
    private static readonly DateTimeOffset Now = new(2020, 12, 21, 3, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Today = new(2020, 12, 20);

    private readonly ProcessBuilder _process = ProcessBuilder.AtStage(Stage.Jornada);

    private static CalendarEntry Entry(Stage stage, DateOnly on, string? objective = null) =>
        new(stage, on, objective ?? ProcessBuilder.Calendar.Single(c => c.Stage == stage).Objective);

    private Decision Replan(params CalendarEntry[] calendar) => Replan(_process, Now, calendar);

    private static Decision Replan(ProcessBuilder process, DateTimeOffset now, params CalendarEntry[] calendar) =>
        ReplanCalendarEndpoint.Decide(process.Build(), new ReplanCalendar(calendar, "  La Jornada terminó empatada y se votará otra vez.  "),
            ProcessBuilder.Staff, now);

    [Fact]
    public void the_stages_to_come_take_their_new_dates_and_the_old_ones_stay_in_the_event_and_the_public_timeline()
    {
        var replanned = Decisions.Event<CalendarReplanned>(Replan(
            Entry(Stage.Convenio, Today),
            Entry(Stage.FirstCommitteeSession, new DateOnly(2021, 2, 4), "  Primera sesión, tras la nueva Jornada.  "),
            Entry(Stage.SecondCommitteeSession, ProcessBuilder.Planned(Stage.SecondCommitteeSession)))); // unchanged: not recorded

        Assert.Equal((_process.Id, "La Jornada terminó empatada y se votará otra vez.", ProcessBuilder.Staff, Now),
            (replanned.ProcessId, replanned.Reason, replanned.ReplannedBy, replanned.ReplannedAt));
        Assert.Equal([Entry(Stage.Convenio, Today), Entry(Stage.FirstCommitteeSession, new DateOnly(2021, 2, 4), "Primera sesión, tras la nueva Jornada.")],
            replanned.Calendar);
        Assert.Equal([ProcessBuilder.Calendar[3], ProcessBuilder.Calendar[4]], replanned.Previous);

        var events = _process.Then(replanned).Events;
        Assert.Equal(ProcessBuilder.Calendar, Assert.IsType<ProcessStarted>(events[0]).Calendar); // the start's calendar is not overwritten
        var process = ProcessBuilder.Fold(events);
        Assert.Equal(Today, process.Planned(Stage.Convenio)!.PlannedOn);
        Assert.Equal(("Primera sesión, tras la nueva Jornada.", ProcessBuilder.Calendar[5]),
            (process.Planned(Stage.FirstCommitteeSession)!.Objective, process.Planned(Stage.SecondCommitteeSession)));

        var timeline = Fold.Into<ProcessTimeline>(events);
        var convenio = timeline.Stages.Single(s => s.Stage == Stage.Convenio);
        Assert.Equal((Today, (DateOnly?)ProcessBuilder.Planned(Stage.Convenio), StageStatus.Upcoming),
            (convenio.PlannedOn!.Value, convenio.PreviouslyPlannedOn, convenio.Status));
        Assert.Null(timeline.Stages.Single(s => s.Stage == Stage.SecondCommitteeSession).PreviouslyPlannedOn);
        var replan = Assert.Single(timeline.CalendarReplans);
        Assert.Equal((Now, "La Jornada terminó empatada y se votará otra vez."), (replan.ReplannedAt, replan.Reason));
        Assert.Equal([(Stage.Convenio, Today, (DateOnly?)ProcessBuilder.Planned(Stage.Convenio)),
                (Stage.FirstCommitteeSession, new DateOnly(2021, 2, 4), ProcessBuilder.Planned(Stage.FirstCommitteeSession))],
            replan.Stages.Select(s => (s.Stage, s.PlannedOn, s.WasPlannedOn)));
    }

    [Fact]
    public void the_current_stage_and_those_concluded_keep_their_dates()
    {
        var current = Replan(Entry(Stage.Jornada, Today.AddDays(7)), Entry(Stage.Convenio, Today.AddDays(8)));
        Assert.Equal(ReplanCalendarEndpoint.StageReachedCode, Decisions.Refusal(current));
        Assert.Equal(409, current.Rejection!.Status);
        Assert.Equal("«Jornada de Participación» ya es la etapa actual: su fecha queda como estaba. Solo se reprograman las etapas que siguen a " +
            "«Jornada de Participación».", current.Rejection.Detail);

        var concluded = Replan(Entry(Stage.FirstWorkTable, Today));
        Assert.Equal(ReplanCalendarEndpoint.StageReachedCode, Decisions.Refusal(concluded));
        Assert.StartsWith("«Primera mesa de trabajo» ya concluyó", concluded.Rejection!.Detail);
    }

    [Fact]
    public void the_dates_keep_the_stage_order_by_the_same_rule_as_a_new_calendar()
    {
        var late = Replan(Entry(Stage.Convenio, new DateOnly(2021, 5, 3)), Entry(Stage.FirstCommitteeSession, new DateOnly(2021, 5, 4)));
        Assert.Equal(ReplanCalendarEndpoint.OutOfOrderCode, Decisions.Refusal(late));
        Assert.Equal(422, late.Rejection!.Status);
        Assert.Equal("Las fechas del calendario deben seguir el orden de las etapas: «Segunda sesión ordinaria del Comité de Gobierno Abierto» (29/04/2021) " +
            "va antes que «Primera sesión ordinaria del Comité de Gobierno Abierto» (04/05/2021).", late.Rejection.Detail);
        // The same words StartProcess's validator says of a new calendar in that order.
        var start = ProcessApi.NewProcess() with
        {
            Calendar = [.. ProcessBuilder.Calendar.Select(c => c.Stage is Stage.Convenio or Stage.FirstCommitteeSession
                ? c with { PlannedOn = c.Stage == Stage.Convenio ? new DateOnly(2021, 5, 3) : new DateOnly(2021, 5, 4) } : c)],
        };
        Assert.Contains(late.Rejection.Detail, new StartProcessValidator().Validate(start).Errors.Select(e => e.ErrorMessage));

        // Against a stage already reached too: the Jornada began before its planned day, and the convenio cannot come before that day.
        var early = ProcessBuilder.On(Stage.Jornada).AddDays(-5);
        var beforeReached = Replan(_process, early, Entry(Stage.Convenio, QueretaroTime.Today(early)));
        Assert.Equal(ReplanCalendarEndpoint.OutOfOrderCode, Decisions.Refusal(beforeReached));
        Assert.Equal($"Las fechas del calendario deben seguir el orden de las etapas: «Firma de convenio» ({QueretaroTime.Today(early):dd/MM/yyyy}) " +
            $"va antes que «Jornada de Participación» ({ProcessBuilder.JornadaDay:dd/MM/yyyy}).", beforeReached.Rejection!.Detail);
    }

    [Fact]
    public void no_stage_to_come_is_left_on_a_day_that_passed_in_queretaro()
    {
        var yesterday = Replan(Entry(Stage.Convenio, Today.AddDays(-1)));
        Assert.Equal(ReplanCalendarEndpoint.InThePastCode, Decisions.Refusal(yesterday));
        Assert.Equal(422, yesterday.Rejection!.Status);
        Assert.Equal("La nueva fecha de «Firma de convenio» (19/12/2020) ya pasó: las etapas por venir se programan de hoy (20/12/2020, hora del centro " +
            "de México) en adelante.", yesterday.Rejection.Detail);

        // Only the first session moved: the convenio would still read 10/12/2020 as to come.
        var leftBehind = Replan(Entry(Stage.FirstCommitteeSession, new DateOnly(2021, 2, 4)));
        Assert.Equal(ReplanCalendarEndpoint.InThePastCode, Decisions.Refusal(leftBehind));
        Assert.StartsWith("«Firma de convenio» se quedaría con la fecha 10/12/2020, que ya pasó; indique también su nueva fecha", leftBehind.Rejection!.Detail);

        // Today in Querétaro is the 20th while UTC is already on the 21st: the 20th is not in the past.
        Assert.True(Replan(Entry(Stage.Convenio, Today)).Accepted);
    }

    [Fact]
    public void staff_say_why_and_name_each_stage_once()
    {
        var validator = new ReplanCalendarValidator();
        CalendarEntry[] convenio = [Entry(Stage.Convenio, Today)];
        Assert.True(validator.Validate(new ReplanCalendar(convenio, "Nueva Jornada.")).IsValid);
        Assert.Equal([ReplanCalendarValidator.ReasonMissing], validator.Validate(new ReplanCalendar(convenio, "  ")).Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["El motivo lleva hasta 1,000 caracteres."],
            validator.Validate(new ReplanCalendar(convenio, new string('m', 1001))).Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["Indique al menos una etapa con su nueva fecha."], validator.Validate(new ReplanCalendar([], "Nueva Jornada.")).Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["«Firma de convenio» viene dos veces: indique una sola fecha por etapa."],
            validator.Validate(new ReplanCalendar([.. convenio, Entry(Stage.Convenio, Today.AddDays(1))], "Nueva Jornada.")).Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["«Proceso concluido» no lleva fecha en el calendario."],
            validator.Validate(new ReplanCalendar([new(Stage.Concluded, Today, "")], "Nueva Jornada.")).Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void a_replanning_that_changes_nothing_or_has_nothing_left_to_plan_is_refused()
    {
        var first = Decisions.Event<CalendarReplanned>(Replan(Entry(Stage.Convenio, Today), Entry(Stage.FirstCommitteeSession, Today.AddDays(40))));
        // Sent again (an answer lost on the way): the calendar already says it.
        var again = Replan(_process.Then(first), Now, Entry(Stage.Convenio, Today), Entry(Stage.FirstCommitteeSession, Today.AddDays(40)));
        Assert.Equal(ReplanCalendarEndpoint.UnchangedCode, Decisions.Refusal(again));

        var last = ProcessBuilder.AtStage(Stage.FourthCommitteeSession);
        Assert.Equal(ReplanCalendarEndpoint.NothingToReplanCode, Decisions.Refusal(Replan(last, Now, Entry(Stage.FourthCommitteeSession, Today))));
    }

    /// <summary>
    /// Called with the shortlist, the Jornada has its voting hours, which the public page shows beside the stage's date: a
    /// new date for the stage would contradict them (a reviewer). Its planned day, even past, does not hold the rest back.
    /// </summary>
    [Fact]
    public void the_jornada_keeps_its_date_once_called_with_the_shortlist()
    {
        var shortlisted = ProcessBuilder.AtStage(Stage.SecondWorkTable).WithShortlist();
        var beforeTheVote = ProcessBuilder.On(Stage.SecondWorkTable);
        var moved = Replan(shortlisted, beforeTheVote, Entry(Stage.Jornada, ProcessBuilder.JornadaDay.AddDays(10)));
        Assert.Equal(ReplanCalendarEndpoint.JornadaCalledCode, Decisions.Refusal(moved));
        Assert.Equal("La Jornada de Participación de este proceso ya se convocó con su horario de votación, que la página pública muestra: su " +
            "fecha no se reprograma. Reprograme solo las etapas que la siguen.", moved.Rejection!.Detail);

        // Its calendar day passed (the shortlist gave it later hours): the convenio still moves alone.
        var afterItsDay = ProcessBuilder.On(Stage.Jornada).AddDays(2);
        Assert.True(Replan(shortlisted, afterItsDay, Entry(Stage.Convenio, QueretaroTime.Today(afterItsDay).AddDays(20))).Accepted);
        // Before the shortlist the Jornada's date is the calendar's alone, and moves.
        Assert.True(Replan(ProcessBuilder.AtStage(Stage.SecondWorkTable), beforeTheVote, Entry(Stage.Jornada, ProcessBuilder.JornadaDay.AddDays(3))).Accepted);
    }

    /// <summary>
    /// A calendar started without objectives holds none, and the console's form sends them empty: the same dates again are
    /// unchanged, not a re-planning of every stage that the public page would report as new objectives (a reviewer).
    /// </summary>
    [Fact]
    public void a_calendar_started_without_objectives_sent_back_as_it_is_is_unchanged()
    {
        var process = ProcessBuilder.Fold(ProcessBuilder.AtStage(Stage.Jornada).Events.Select(e => e is ProcessStarted s
            ? s with { Calendar = [.. s.Calendar.Select(c => c with { Objective = null! })] } : e));
        var same = ReplanCalendarEndpoint.Decide(process, new ReplanCalendar(
            [new(Stage.Convenio, ProcessBuilder.Planned(Stage.Convenio), ""), new(Stage.FirstCommitteeSession, new DateOnly(2021, 2, 4), " ")],
            "Nueva Jornada."), ProcessBuilder.Staff, ProcessBuilder.On(Stage.Jornada));
        Assert.Equal([Stage.FirstCommitteeSession], Decisions.Event<CalendarReplanned>(same).Calendar.Select(c => c.Stage));
    }
}
