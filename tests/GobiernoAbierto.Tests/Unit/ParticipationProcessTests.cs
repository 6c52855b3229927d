using GobiernoAbierto.Process;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_process_is_started
{
    private readonly ParticipationProcess _process = ProcessBuilder.Started().Build();

    [Fact]
    public void it_stands_at_the_first_work_table_with_its_territory_axes_and_calendar()
    {
        Assert.Equal((ProcessBuilder.Title, Stage.FirstWorkTable), (_process.Title, _process.Stage));
        Assert.Equal(QueretaroTerritory.Plan2020.Colonias, _process.Territory.Colonias);
        Assert.Equal(QueretaroTerritory.Plan2020.Delegaciones, _process.Territory.Delegaciones);
        Assert.Equal([ProcessBuilder.Accountability, ProcessBuilder.PeaceCulture], _process.Axes);
        Assert.Equal(ProcessBuilder.JornadaDay, _process.Planned(Stage.Jornada)!.PlannedOn);
    }

    [Fact]
    public void nothing_of_the_later_stages_has_happened_yet()
    {
        Assert.Null(_process.JornadaId);
        Assert.Null(_process.ChosenWork);
        Assert.False(_process.ConvenioSigned);
        Assert.Equal(0, _process.SessionsHeld);
        Assert.Empty(_process.Agreements);
        Assert.Equal((0, 0m, (DateOnly?)null), (_process.LastPercentComplete, _process.LastSpent, _process.LastReportedOn));
    }

    [Fact]
    public void the_concluded_stage_has_no_planned_date() => Assert.Null(_process.Planned(Stage.Concluded));
}

public sealed class when_a_new_process_is_validated
{
    private static readonly StartProcess Valid = new(ProcessBuilder.Title, QueretaroTerritory.Plan2020.Delegaciones, QueretaroTerritory.Plan2020.Colonias,
        [ProcessBuilder.Accountability, ProcessBuilder.PeaceCulture], ProcessBuilder.Calendar);

    [Fact]
    public void two_different_axes_are_accepted() => Assert.True(new StartProcessValidator().Validate(Valid).IsValid);

    [Theory]
    [InlineData("Obra pública", "Obra pública")]
    [InlineData("Obra pública", " obra   PUBLICA ")]
    [InlineData("Cultura de Paz", "cultura de paz")]
    public void the_same_axis_twice_is_refused_beside_the_second_whatever_its_case_accents_or_spacing(string first, string second)
    {
        var result = new StartProcessValidator().Validate(Valid with { Axes = [new(Slug.From(first), first), new(Slug.From(second) + "-2", second)] });

        var error = Assert.Single(result.Errors);
        Assert.Equal("Axes[1]", error.PropertyName);
        Assert.Equal($"El eje 2 repite el eje 1 («{first}»): los dos ejes del plan deben ser distintos.", error.ErrorMessage);
    }

    [Fact]
    public void two_names_with_one_id_are_the_same_axis_too()
    {
        var result = new StartProcessValidator().Validate(Valid with { Axes = [new("obra-publica", "Obra pública"), new("obra-publica", "Cultura de paz")] });

        Assert.Equal("Axes[1]", Assert.Single(result.Errors).PropertyName);
    }

    /// <summary>«deben seguir el orden de las etapas» alone left staff to find which of nine dates it was (an outside tester's).</summary>
    [Fact]
    public void a_calendar_out_of_order_names_the_stage_dated_before_the_one_it_follows()
    {
        var calendar = Valid.Calendar.Select(e => e.Stage == Stage.Convenio ? e with { PlannedOn = new DateOnly(2020, 1, 15) } : e).ToList();
        var jornada = Valid.Calendar.Single(e => e.Stage == Stage.Jornada).PlannedOn;

        var error = Assert.Single(new StartProcessValidator().Validate(Valid with { Calendar = calendar }).Errors);

        Assert.Equal("Calendar", error.PropertyName);
        Assert.Equal("Las fechas del calendario deben seguir el orden de las etapas: «Firma de convenio» (15/01/2020) va antes que " +
                     $"«Jornada de Participación» ({jornada:dd/MM/yyyy}).", error.ErrorMessage);
    }
}

public sealed class when_the_process_history_is_folded
{
    private static Agreement Pending(int session, int n) =>
        new($"ACU-{session}-{n:00}", session, $"Acuerdo {n}", ProcessBuilder.Accountability.Id, "Secretaría de Obras Públicas", null, AgreementStatus.Pending);

    [Fact]
    public void a_stage_advance_puts_the_process_at_its_target_stage() =>
        Assert.Equal(Stage.SecondWorkTable, ProcessBuilder.Started().Advanced(Stage.SecondWorkTable).Build().Stage);

    [Fact]
    public void the_shortlist_records_the_jornada_it_created()
    {
        var builder = ProcessBuilder.AtStage(Stage.SecondWorkTable).WithShortlist();

        Assert.Equal(builder.JornadaId, builder.Build().JornadaId);
    }

    [Fact]
    public void leaving_the_jornada_records_the_chosen_work()
    {
        var builder = ProcessBuilder.AtStage(Stage.Convenio);

        var process = builder.Build();

        Assert.Equal(builder.Work, process.ChosenWork);
        Assert.Equal(builder.ShortlistedIds[0], process.ChosenWork!.ProposalId);
    }

    [Fact]
    public void the_convenio_signature_marks_the_process_signed()
    {
        var builder = ProcessBuilder.AtStage(Stage.Convenio);
        Assert.False(builder.Build().ConvenioSigned);

        Assert.True(builder.WithConvenio().Build().ConvenioSigned);
    }

    [Fact]
    public void each_session_counts_as_held_and_brings_its_agreements()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession)
            .WithSession(1, [Pending(1, 1), Pending(1, 2)])
            .Advanced(Stage.SecondCommitteeSession)
            .WithSession(2, [Pending(2, 1)])
            .Build();

        Assert.Equal(2, process.SessionsHeld);
        Assert.Equal(["ACU-1-01", "ACU-1-02", "ACU-2-01"], process.Agreements.Select(a => a.Id));
    }

    [Fact]
    public void a_later_session_changes_only_the_status_of_the_agreements_it_updates()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession)
            .WithSession(1, [Pending(1, 1), Pending(1, 2)])
            .Advanced(Stage.SecondCommitteeSession)
            .WithSession(2, updates: [new AgreementUpdate("ACU-1-02", AgreementStatus.InProgress, "Obra en licitación.")])
            .Build();

        Assert.Equal(Pending(1, 1), process.Agreements[0]);
        Assert.Equal(Pending(1, 2) with { Status = AgreementStatus.InProgress }, process.Agreements[1]);
    }

    [Fact]
    public void the_process_remembers_the_last_progress_report()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio)
            .WithProgress(10, 100_000m, new DateOnly(2020, 12, 15))
            .WithProgress(35, 420_000m, new DateOnly(2021, 1, 15))
            .Build();

        Assert.Equal((35, 420_000m, (DateOnly?)new DateOnly(2021, 1, 15)),
            (process.LastPercentComplete, process.LastSpent, process.LastReportedOn));
    }
}

public sealed class when_stages_are_named_and_numbered
{
    [Theory]
    [InlineData(Stage.FirstWorkTable, "Primera mesa de trabajo")]
    [InlineData(Stage.SecondWorkTable, "Segunda mesa de trabajo")]
    [InlineData(Stage.Jornada, "Jornada de Participación")]
    [InlineData(Stage.Convenio, "Firma de convenio")]
    [InlineData(Stage.FirstCommitteeSession, "Primera sesión ordinaria del Comité de Gobierno Abierto")]
    [InlineData(Stage.SecondCommitteeSession, "Segunda sesión ordinaria del Comité de Gobierno Abierto")]
    [InlineData(Stage.ThirdCommitteeSession, "Tercera sesión ordinaria del Comité de Gobierno Abierto")]
    [InlineData(Stage.FourthCommitteeSession, "Cuarta sesión ordinaria del Comité de Gobierno Abierto")]
    [InlineData(Stage.Concluded, "Proceso concluido")]
    public void every_stage_has_its_spanish_label(Stage stage, string label) => Assert.Equal(label, stage.Label());

    [Theory]
    [InlineData(Stage.FirstWorkTable, null)]
    [InlineData(Stage.SecondWorkTable, null)]
    [InlineData(Stage.Jornada, null)]
    [InlineData(Stage.Convenio, null)]
    [InlineData(Stage.FirstCommitteeSession, 1)]
    [InlineData(Stage.SecondCommitteeSession, 2)]
    [InlineData(Stage.ThirdCommitteeSession, 3)]
    [InlineData(Stage.FourthCommitteeSession, 4)]
    [InlineData(Stage.Concluded, null)]
    public void only_the_committee_stages_have_a_session_number(Stage stage, int? number) => Assert.Equal(number, stage.SessionNumber());

    [Theory]
    [InlineData(1, Stage.FirstCommitteeSession)]
    [InlineData(2, Stage.SecondCommitteeSession)]
    [InlineData(3, Stage.ThirdCommitteeSession)]
    [InlineData(4, Stage.FourthCommitteeSession)]
    public void each_session_number_has_its_stage_and_back(int number, Stage stage)
    {
        Assert.Equal(stage, Stages.SessionStage(number));
        Assert.Equal(number, Stages.SessionStage(number).SessionNumber());
    }
}

public sealed class when_an_action_is_asked_at_another_stage
{
    [Fact]
    public void at_an_allowed_stage_there_is_nothing_to_refuse()
    {
        var process = ProcessBuilder.AtStage(Stage.SecondWorkTable).Build();

        Assert.Null(StageRules.Require(process, "Deliberar propuestas", Stage.FirstWorkTable, Stage.SecondWorkTable));
    }

    [Fact]
    public void the_refusal_names_the_action_its_stage_and_the_current_stage_in_spanish()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada).Build();

        var refusal = StageRules.Require(process, "Presentar propuestas", Stage.FirstWorkTable)!;

        Assert.Equal(("wrong_stage", 409), (refusal.Code, refusal.Status));
        Assert.Equal("Presentar propuestas corresponde a la etapa «Primera mesa de trabajo»; " +
                     $"el proceso «{ProcessBuilder.Title}» está en la etapa «Jornada de Participación».", refusal.Detail);
    }

    [Fact]
    public void with_several_allowed_stages_the_refusal_lists_them_all()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).Build();

        var refusal = StageRules.Require(process, "Deliberar propuestas", Stage.FirstWorkTable, Stage.SecondWorkTable)!;

        Assert.Contains("«Primera mesa de trabajo» o «Segunda mesa de trabajo»", refusal.Detail);
        Assert.EndsWith("está en la etapa «Firma de convenio».", refusal.Detail);
    }
}

/// <summary>
/// A client may choose the new process's identifier: the same request sent again (a retry after a lost answer) finds the
/// process it started; the identifier sent with other data is not read as a retry, and changes nothing.
/// </summary>
public sealed class when_a_process_is_started_under_an_identifier_already_used
{
    private static readonly DateTimeOffset Now = new(2020, 10, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly StartProcess Command = new(ProcessBuilder.Title, QueretaroTerritory.Plan2020.Delegaciones, QueretaroTerritory.Plan2020.Colonias,
        [ProcessBuilder.Accountability, ProcessBuilder.PeaceCulture], ProcessBuilder.Calendar, Id);
    private static readonly ProcessStarted First = Decisions.Event<ProcessStarted>(StartProcessEndpoint.Decide(Command, Id, "Personal", Now));

    [Fact]
    public void nothing_under_it_starts_the_process_there() =>
        Assert.Equal(Id, Decisions.Event<ProcessStarted>(StartProcessEndpoint.Decide(Command, Id, null, idTaken: false, "Personal", Now)).ProcessId);

    [Fact]
    public void the_same_request_sent_again_later_by_another_hand_is_refused_as_already_started_naming_it()
    {
        // The title with spaces around it is the title; the calendar in another order is the calendar.
        var again = Command with { Title = $"  {Command.Title} ", Calendar = [.. Command.Calendar.Reverse()] };
        var decision = StartProcessEndpoint.Decide(again, Id, First, idTaken: true, "Otra persona", Now.AddMinutes(3));

        Assert.Equal(StartProcessEndpoint.AlreadyStartedCode, Decisions.Refusal(decision));
        Assert.Equal(409, decision.Rejection!.Status);
        Assert.Contains($"«{ProcessBuilder.Title}»", decision.Rejection.Detail);
    }

    [Fact]
    public void the_identifier_sent_with_other_data_is_refused_as_reused_and_starts_nothing()
    {
        foreach (var other in new[]
                 {
                     Command with { Title = Command.Title + " bis" },
                     Command with { Colonias = Command.Colonias.Take(1).ToList() },
                     Command with { Axes = [ProcessBuilder.PeaceCulture, ProcessBuilder.Accountability] },
                     Command with { Calendar = [.. Command.Calendar.Select(e => e.Stage == Stage.Convenio ? e with { Objective = "Otro" } : e)] },
                 })
        {
            var decision = StartProcessEndpoint.Decide(other, Id, First, idTaken: true, "Personal", Now);
            Assert.Equal(StartProcessEndpoint.IdReusedCode, Decisions.Refusal(decision));
            Assert.Equal(409, decision.Rejection!.Status);
            Assert.Contains("otros datos", decision.Rejection.Detail);
        }
    }

    [Fact]
    public void another_records_identifier_is_refused_as_taken() =>
        Assert.Equal("process_id_taken", Decisions.Refusal(StartProcessEndpoint.Decide(Command, Id, null, idTaken: true, "Personal", Now)));
}
