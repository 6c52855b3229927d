using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.WorkProgress;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_progress_on_the_chosen_work_is_reported
{
    private static readonly DateTimeOffset Now = new(2021, 7, 1, 17, 0, 0, TimeSpan.Zero); // after every report below: none is of a day to come
    private static readonly DateOnly January = new(2021, 1, 15);
    private static readonly Evidence Photo = new("Fotografías del avance", null, "https://queretaro.gob.mx/obras/encino/avance.pdf");

    private static ReportWorkProgress Report(int percent, decimal spent, DateOnly on) => new(on, percent, spent, [Photo], "  Base hidráulica terminada. ");

    private static Decision Decide(ProcessBuilder process, ReportWorkProgress report) =>
        ReportWorkProgressEndpoint.Decide(process.Build(), report, ProcessBuilder.Staff, Now);

    [Fact]
    public void before_there_is_a_chosen_work_nothing_is_reported()
    {
        var decision = Decide(ProcessBuilder.AtStage(Stage.Jornada), Report(10, 0m, January));

        Assert.Equal("no_chosen_work", Decisions.Refusal(decision));
        Assert.Equal("Aún no hay obra elegida", decision.Rejection!.Title);
        Assert.Contains("«Jornada de Participación»", decision.Rejection!.Detail);
    }

    /// <summary>Published, the process still at its Jornada: the work is chosen, and the refusal says the stage is what is missing.</summary>
    [Fact]
    public void a_published_work_is_not_reported_before_the_convenio_and_the_refusal_says_so()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada);
        process.Then(new JornadaResultPublished(process.Id, process.Work, ProcessBuilder.Staff, ProcessBuilder.On(Stage.Jornada)));

        var refusal = Decide(process, Report(10, 0m, January)).Rejection!;

        Assert.Equal("no_chosen_work", refusal.Code);
        Assert.Equal("El proceso aún no pasa a la firma de convenio", refusal.Title);
        Assert.Equal($"El proyecto elegido, «{process.Work.Title}», ya está publicado, y los informes de avance empiezan cuando el proceso pasa a la etapa " +
            "«Firma de convenio»; el proceso está en «Jornada de Participación». Páselo de etapa y registre después el informe.", refusal.Detail);
    }

    /// <summary>
    /// A date a year or a century ahead (a typo) was taken, and every real report after it refused as earlier than it.
    /// Today in Querétaro is the last day a report may be of: at 23:30 there (already the next day in UTC) it is still today.
    /// </summary>
    [Fact]
    public void a_report_or_a_correction_of_a_day_still_to_come_in_queretaro_is_refused()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        var lateEvening = new DateTimeOffset(2021, 7, 2, 4, 30, 0, TimeSpan.Zero); // 1 July, 23:30 in Querétaro (summer time, UTC-5, until 2022)
        var today = new DateOnly(2021, 7, 1);

        Assert.True(ReportWorkProgressEndpoint.Decide(process.Build(), Report(10, 0m, today), ProcessBuilder.Staff, lateEvening).Accepted);
        var refused = ReportWorkProgressEndpoint.Decide(process.Build(), Report(10, 0m, today.AddDays(1)), ProcessBuilder.Staff, lateEvening);
        Assert.Equal("report_in_the_future", Decisions.Refusal(refused));
        Assert.Equal("El informe es del 02/07/2021 y hoy es 01/07/2021 en Querétaro: registre el avance con la fecha en que se constató.", refused.Rejection!.Detail);

        var reported = process.Then(Decisions.Event<WorkProgressReported>(Decide(process, Report(10, 0m, January))));
        var correction = new CorrectWorkProgress(Report(10, 0m, new DateOnly(2099, 6, 1)), "Fecha mal capturada.");
        Assert.Equal("report_in_the_future", Decisions.Refusal(CorrectWorkProgressEndpoint.Decide(reported.Build(),
            RecordedReport.From(reported.Events), 1, correction, ProcessBuilder.Staff, Now)));
    }

    /// <summary>A report dated 2000 was published for a work chosen this year: a report is of a day since the work was published.</summary>
    [Fact]
    public void a_report_or_a_correction_dated_before_the_publication_is_refused()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        var published = ProcessBuilder.Planned(Stage.Jornada);

        var early = Decide(process, Report(10, 0m, published.AddDays(-1)));
        Assert.Equal("report_before_publication", Decisions.Refusal(early));
        Assert.Equal(422, early.Rejection!.Status);
        Assert.Contains($"la obra se eligió y publicó el {published:dd/MM/yyyy}", early.Rejection.Detail);
        Assert.True(Decide(process, Report(10, 0m, published)).Accepted);

        var reported = process.Then(Decisions.Event<WorkProgressReported>(Decide(process, Report(10, 0m, January))));
        var correction = new CorrectWorkProgress(Report(10, 0m, new DateOnly(2000, 1, 1)), "Fecha mal capturada.");
        Assert.Equal("report_before_publication", Decisions.Refusal(CorrectWorkProgressEndpoint.Decide(reported.Build(),
            RecordedReport.From(reported.Events), 1, correction, ProcessBuilder.Staff, Now)));
    }

    /// <summary>A refusal writes a percentage as the pages do (Percent.Format): it wrote «35%» and «(123.8 %)» with the server's locale.</summary>
    [Fact]
    public void a_refusal_writes_its_percentages_as_the_pages_do()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        var budget = process.Build().ChosenWork!.Budget;
        Assert.Contains($"supera el presupuesto de {Money.Format(budget)} (123.8\u00a0%)",
            Decide(process, Report(50, budget * 1.238m, January) with { Notes = "" }).Rejection!.Detail);
        var reported = process.Then(Decisions.Event<WorkProgressReported>(Decide(process, Report(35, 0m, January))));
        Assert.Contains("El último informe reportó 35\u00a0% de avance", Decide(reported, Report(20, 0m, January.AddDays(1))).Rejection!.Detail);
    }

    /// <summary>Over the budget is recorded, with why in its notes: a report or correction without them is refused.</summary>
    [Fact]
    public void a_report_or_a_correction_over_the_budget_says_why_in_its_notes()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        var budget = process.Build().ChosenWork!.Budget;
        var over = Report(50, budget + 1m, January) with { Notes = " " };

        var refused = Decide(process, over);
        Assert.Equal("over_budget_without_explanation", Decisions.Refusal(refused));
        Assert.Equal(422, refused.Rejection!.Status);
        Assert.Contains($"supera el presupuesto de {Money.Format(budget)}", refused.Rejection.Detail);
        Assert.True(Decide(process, over with { Notes = "Ampliación del contrato." }).Accepted);
        Assert.True(Decide(process, Report(50, budget, January) with { Notes = "" }).Accepted); // the whole budget is not over it

        var reported = process.Then(Decisions.Event<WorkProgressReported>(Decide(process, Report(10, 0m, January))));
        Assert.Equal("over_budget_without_explanation", Decisions.Refusal(CorrectWorkProgressEndpoint.Decide(reported.Build(),
            RecordedReport.From(reported.Events), 1, new CorrectWorkProgress(over, "Gasto mal capturado."), ProcessBuilder.Staff, Now)));
    }

    [Fact]
    public void the_same_report_sent_twice_is_recorded_once()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        var first = process.Then(Decisions.Event<WorkProgressReported>(Decide(process, Report(25, 312_500m, January))));

        Assert.Equal("report_already_recorded", Decisions.Refusal(Decide(first, Report(25, 312_500m, January))));
        Assert.True(Decide(first, Report(30, 312_500m, January)).Accepted); // more progress the same day is a new report
        Assert.True(Decide(first, Report(25, 312_500m, January.AddDays(7))).Accepted); // a week without progress too
    }

    [Fact]
    public void a_report_carries_the_budget_of_the_chosen_work()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);

        var reported = Decisions.Event<WorkProgressReported>(Decide(process, Report(25, 312_500m, January)));

        Assert.Equal((process.Id, January, 25, 312_500m, process.Work.Budget, "Base hidráulica terminada.", ProcessBuilder.Staff, Now),
            (reported.ProcessId, reported.ReportedOn, reported.PercentComplete, reported.Spent, reported.Budget, reported.Notes,
                reported.ReportedBy, reported.ReportedAt));
        Assert.Equal([Photo], reported.Evidence);
        var after = process.Then(reported).Build();
        Assert.Equal((25, 312_500m, (DateOnly?)January), (after.LastPercentComplete, after.LastSpent, after.LastReportedOn));
    }

    [Fact]
    public void reports_go_on_through_the_committee_sessions() =>
        Assert.Equal(60, Decisions.Event<WorkProgressReported>(
            Decide(ProcessBuilder.AtStage(Stage.ThirdCommitteeSession), Report(60, 700_000m, January))).PercentComplete);

    [Fact]
    public void the_percentage_complete_never_goes_back()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(40, 500_000m, January);

        var back = Decide(process, Report(39, 600_000m, January.AddDays(30)));
        Assert.Equal("progress_went_back", Decisions.Refusal(back));
        Assert.Equal(422, back.Rejection!.Status);
        Assert.Contains("40\u00a0%", back.Rejection.Detail);
        Assert.True(Decide(process, Report(40, 600_000m, January.AddDays(30))).Accepted);
    }

    [Fact]
    public void the_cumulative_spend_never_goes_back()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(40, 500_000m, January);

        Assert.Equal("spend_went_back", Decisions.Refusal(Decide(process, Report(50, 499_999.99m, January.AddDays(30)))));
        Assert.True(Decide(process, Report(50, 500_000m, January.AddDays(30))).Accepted);
    }

    [Fact]
    public void a_report_is_not_dated_before_the_last_one()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(40, 500_000m, January);

        var earlier = Decide(process, Report(50, 600_000m, January.AddDays(-1)));
        Assert.Equal("report_out_of_order", Decisions.Refusal(earlier));
        Assert.Contains("15/01/2021", earlier.Rejection!.Detail);
        Assert.True(Decide(process, Report(50, 600_000m, January)).Accepted);
    }
}

public sealed class when_a_progress_report_is_validated
{
    private static readonly ReportWorkProgressValidator Validator = new();
    private static readonly string Sha = new('a', 64);

    private static ReportWorkProgress With(params Evidence[] evidence) => new(new DateOnly(2021, 1, 15), 25, 312_500m, evidence, "");

    [Fact]
    public void evidence_is_a_document_hash_or_a_public_https_link()
    {
        Assert.True(Validator.Validate(With(new Evidence("Estimación firmada", Sha, null))).IsValid);
        Assert.True(Validator.Validate(With(new Evidence("Fotografías", null, "https://queretaro.gob.mx/obras/encino"))).IsValid);
        Assert.True(Validator.Validate(With(new Evidence("Ambas", Sha.ToUpperInvariant(), "https://queretaro.gob.mx/obras/encino"))).IsValid);
    }

    [Fact]
    public void evidence_whose_fingerprint_is_of_an_empty_file_is_refused_as_such() =>
        Assert.Contains(Validator.Validate(With(new Evidence("Bitácora", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null))).Errors,
            e => e.ErrorMessage == GobiernoAbierto.Audit.NotedHash.EmptyFileMessage);

    [Fact]
    public void evidence_with_neither_hash_nor_link_is_refused()
    {
        var result = Validator.Validate(With(new Evidence("Fotografías", null, null)));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ErrorMessage == "Indique la huella SHA-256 o la liga de la evidencia.");
    }

    [Theory]
    [InlineData("http://queretaro.gob.mx/obras/encino")]
    [InlineData("ftp://queretaro.gob.mx/obras/encino")]
    [InlineData("/obras/encino")]
    [InlineData("queretaro.gob.mx/obras/encino")]
    public void a_link_must_be_a_full_https_address(string url) =>
        Assert.False(Validator.Validate(With(new Evidence("Fotografías", null, url))).IsValid);

    [Theory]
    [InlineData("aaaa")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void a_hash_must_be_64_hex_characters(string sha) =>
        Assert.False(Validator.Validate(With(new Evidence("Estimación", sha, null))).IsValid);

    [Fact]
    public void the_spend_is_in_pesos_and_centavos()
    {
        var report = With(new Evidence("Estimación", Sha, null));
        Assert.True(Validator.Validate(report with { Spent = 312_500.25m }).IsValid);
        Assert.Equal("El gasto acumulado lleva a lo más dos decimales (centavos).",
            Assert.Single(Validator.Validate(report with { Spent = 312_500.255m }).Errors).ErrorMessage);
    }

    [Fact]
    public void a_report_has_at_least_one_evidence() => Assert.False(Validator.Validate(With()).IsValid);

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(101, 0)]
    [InlineData(50, -1)]
    public void the_percentage_is_between_0_and_100_and_the_spend_not_negative(int percent, int spent) =>
        Assert.False(Validator.Validate(With(new Evidence("Estimación", Sha, null)) with { PercentComplete = percent, Spent = spent }).IsValid);
}

/// <summary>
/// An outside tester's evidence hash, spaced in pairs as certutil prints it, was refused though the convenio's form takes
/// it; typed in upper case it was published as typed, and a correction that only lower-cased it counted as a change.
/// </summary>
public sealed class when_an_evidence_hash_is_typed_as_tools_print_it
{
    private static readonly DateTimeOffset Now = new(2021, 7, 1, 17, 0, 0, TimeSpan.Zero);
    private static readonly string Sha = string.Concat(Enumerable.Repeat("ab", 32));

    [Fact]
    public void spaced_or_upper_case_it_is_taken_and_kept_as_sha256sum_prints_it()
    {
        var spaced = string.Join(' ', Enumerable.Repeat("AB", 32));
        var report = new ReportWorkProgress(new DateOnly(2021, 1, 15), 10, 100_000m, [new Evidence("Estimación firmada", spaced, null)], "");
        Assert.True(new ReportWorkProgressValidator().Validate(report).IsValid);

        var reported = Decisions.Event<WorkProgressReported>(
            ReportWorkProgressEndpoint.Decide(ProcessBuilder.AtStage(Stage.Convenio).Build(), report, ProcessBuilder.Staff, Now));

        Assert.Equal(Sha, Assert.Single(reported.Evidence).Sha256);
    }

    [Fact]
    public void a_correction_that_only_changes_its_case_changes_nothing()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(10, 100_000m, new DateOnly(2021, 1, 15));
        var kept = process.Events.OfType<WorkProgressReported>().Single();
        var upper = new ReportWorkProgress(kept.ReportedOn, kept.PercentComplete, kept.Spent,
            [.. kept.Evidence.Select(e => e with { Sha256 = e.Sha256!.ToUpperInvariant() })], kept.Notes);

        var decision = CorrectWorkProgressEndpoint.Decide(process.Build(), RecordedReport.From(process.Events), 1,
            new CorrectWorkProgress(upper, "Huella en mayúsculas."), ProcessBuilder.Staff, Now);

        Assert.Equal("correction_changes_nothing", Decisions.Refusal(decision));
    }
}

public sealed class when_the_public_follows_the_chosen_work
{
    [Fact]
    public void before_the_jornada_there_is_no_work_to_follow()
    {
        var progress = ProcessBuilder.AtStage(Stage.Jornada).BuildProgress();

        Assert.Null(progress.Work);
        Assert.Null(progress.Budget);
        Assert.Null(progress.SpentOfBudgetPercent);
        Assert.Empty(progress.Reports);
    }

    [Fact]
    public void the_work_is_followed_from_its_publication_before_the_stage_moves_on()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada);
        process.Then(new JornadaResultPublished(process.Id, process.Work, ProcessBuilder.Staff, ProcessBuilder.On(Stage.Jornada)));

        var progress = process.BuildProgress();

        Assert.Equal(Stage.Jornada, process.Build().Stage);
        Assert.Equal(process.Work, progress.Work);
        Assert.Equal(1_250_000m, progress.Budget);
        Assert.Empty(progress.Reports);
    }

    [Fact]
    public void the_chosen_work_brings_its_budget()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);

        var progress = process.BuildProgress();

        Assert.Equal(process.Work, progress.Work);
        Assert.Equal(1_250_000m, progress.Budget);
        Assert.Equal((0, 0m), (progress.PercentComplete, progress.Spent));
    }

    [Fact]
    public void each_report_updates_the_figures_and_the_share_of_the_budget_spent()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio)
            .WithProgress(25, 312_500m, new DateOnly(2021, 1, 15))
            .WithProgress(40, 416_000m, new DateOnly(2021, 2, 15));

        var progress = process.BuildProgress();

        Assert.Equal((40, 416_000m, (decimal?)33.3m), (progress.PercentComplete, progress.Spent, progress.SpentOfBudgetPercent));
        Assert.Equal([(25, 312_500m), (40, 416_000m)], progress.Reports.Select(r => (r.PercentComplete, r.Spent)));
        Assert.Equal([new DateOnly(2021, 1, 15), new DateOnly(2021, 2, 15)], progress.Reports.Select(r => r.ReportedOn));
    }

    [Fact]
    public void spending_over_budget_shows_above_one_hundred_percent()
    {
        var progress = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(100, 1_375_000m, new DateOnly(2021, 6, 1)).BuildProgress();

        Assert.Equal(110.0m, progress.SpentOfBudgetPercent);
    }

    /// <summary>
    /// One rule for a share of the budget, wherever it is shown: the console wrote it with the server's locale («1234.5 %»,
    /// or «123,8 %»), the public page «1,234.5 %», and refusals «35%». Now es-MX digits, one decimal, a space that never
    /// breaks before the sign, as the public pages write every percentage.
    /// </summary>
    [Fact]
    public void a_share_of_the_budget_is_written_one_way_everywhere()
    {
        Assert.Equal(["30\u00a0%", "33.3\u00a0%", "123.8\u00a0%", "1,234.5\u00a0%", "0\u00a0%"],
            new[] { 30m, 33.33m, 123.84m, 1234.5m, 0m }.Select(Percent.Format));

        var progress = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(100, 1_375_000m, new DateOnly(2021, 6, 1)).BuildProgress();
        Assert.Equal("110\u00a0%", progress.SpentOfBudgetLabel);

    }

    [Fact]
    public void without_a_budget_there_is_no_share_to_show()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        process.Then(new WorkProgressReported(process.Id, new DateOnly(2021, 1, 15), 10, 5_000m, 0m, [], "", ProcessBuilder.Staff, ProcessBuilder.StartedAt));

        var progress = process.BuildProgress();

        Assert.Equal((10, 5_000m), (progress.PercentComplete, progress.Spent));
        Assert.Null(progress.SpentOfBudgetPercent);
    }
}

public sealed class when_a_progress_report_is_corrected
{
    private static readonly DateTimeOffset Now = new(2021, 7, 1, 17, 0, 0, TimeSpan.Zero); // after every report below
    private static readonly DateOnly January = new(2021, 1, 15);
    private static readonly DateOnly February = new(2021, 2, 15);
    private static readonly DateOnly March = new(2021, 3, 15);
    private static readonly Evidence Photo = new("Fotografías del avance", null, "https://queretaro.gob.mx/obras/encino/avance.pdf");

    /// <summary>Three reports: 10% in January, 80% in February (a typo for 30%), 40% is what March should say.</summary>
    private static ProcessBuilder ThreeReports() => ProcessBuilder.AtStage(Stage.Convenio)
        .WithProgress(10, 100_000m, January).WithProgress(80, 300_000m, February).WithProgress(85, 500_000m, March);

    private static CorrectWorkProgress Saying(int percent, decimal spent, DateOnly on, string reason = " Se capturó 80 en lugar de 30. ") =>
        new(new ReportWorkProgress(on, percent, spent, [Photo], " Cimentación terminada. "), reason);

    private static Decision Decide(ProcessBuilder process, int number, CorrectWorkProgress correction) =>
        CorrectWorkProgressEndpoint.Decide(process.Build(), RecordedReport.From(process.Events), number, correction, ProcessBuilder.Staff, Now);

    [Fact]
    public void the_report_says_the_corrected_figures_and_keeps_what_it_said_before_and_why()
    {
        var process = ThreeReports();

        var corrected = Decisions.Event<WorkProgressCorrected>(Decide(process, 2, Saying(30, 300_000m, February)));

        Assert.Equal((process.Id, 2, false, February, 30, 300_000m, process.Work.Budget, "Cimentación terminada.", "Se capturó 80 en lugar de 30.", ProcessBuilder.Staff, Now),
            (corrected.ProcessId, corrected.Number, corrected.Latest, corrected.ReportedOn, corrected.PercentComplete, corrected.Spent, corrected.Budget, corrected.Notes,
                corrected.Reason, corrected.CorrectedBy, corrected.CorrectedAt));
        var progress = process.Then(corrected).BuildProgress();
        Assert.Equal([10, 30, 85], progress.Reports.Select(r => r.PercentComplete));
        Assert.Equal([1, 2, 3], progress.Reports.Select(r => r.Number));
        var second = progress.Reports[1];
        Assert.Equal([Photo], second.Evidence);
        var correction = Assert.Single(second.Corrections);
        Assert.Equal(("Se capturó 80 en lugar de 30.", ProcessBuilder.Staff, Now, February, 80, 300_000m, ""),
            (correction.Reason, correction.CorrectedBy, correction.CorrectedAt, correction.WasReportedOn, correction.WasPercentComplete, correction.WasSpent, correction.WasNotes));
        Assert.Equal("Estimación de obra", Assert.Single(correction.WasEvidence).Description);
        Assert.Equal((true, true), (correction.EvidenceChanged, correction.NotesChanged));
        Assert.Empty(progress.Reports[0].Corrections);
        Assert.Equal((85, 500_000m), (progress.PercentComplete, progress.Spent)); // the headline is still the last report's
    }

    [Fact]
    public void correcting_the_last_report_moves_the_headline_and_what_the_next_report_must_reach()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(10, 100_000m, January).WithProgress(80, 300_000m, February);
        var next = new ReportWorkProgress(March, 35, 450_000m, [Photo], "");
        Assert.Equal("progress_went_back", Decisions.Refusal(ReportWorkProgressEndpoint.Decide(process.Build(), next, ProcessBuilder.Staff, Now)));

        process.Then(Decisions.Event<WorkProgressCorrected>(Decide(process, 2, Saying(30, 300_000m, February))));

        var progress = process.BuildProgress();
        Assert.Equal((30, 300_000m, (decimal?)24.0m), (progress.PercentComplete, progress.Spent, progress.SpentOfBudgetPercent));
        var after = process.Build();
        Assert.True(((WorkProgressCorrected)process.Events[^1]).Latest);
        Assert.Equal((30, 300_000m, (DateOnly?)February), (after.LastPercentComplete, after.LastSpent, after.LastReportedOn));
        // The next report is measured against the corrected figures, not the mistyped ones.
        Assert.True(ReportWorkProgressEndpoint.Decide(after, next, ProcessBuilder.Staff, Now).Accepted);
    }

    [Fact]
    public void a_report_corrected_twice_keeps_both_earlier_versions_in_order()
    {
        var process = ThreeReports();
        process.Then(Decisions.Event<WorkProgressCorrected>(Decide(process, 2, Saying(35, 300_000m, February, "Primera corrección."))));
        process.Then(Decisions.Event<WorkProgressCorrected>(Decide(process, 2, Saying(30, 300_000m, February, "Segunda corrección."))));

        var second = process.BuildProgress().Reports[1];

        Assert.Equal(30, second.PercentComplete);
        Assert.Equal([("Primera corrección.", 80), ("Segunda corrección.", 35)], second.Corrections.Select(c => (c.Reason, c.WasPercentComplete)));
    }

    [Fact]
    public void correcting_a_report_before_the_last_leaves_what_the_next_report_must_reach()
    {
        var process = ThreeReports();
        process.Then(Decisions.Event<WorkProgressCorrected>(Decide(process, 2, Saying(30, 300_000m, February))));

        Assert.Equal((85, 500_000m, (DateOnly?)March), (process.Build().LastPercentComplete, process.Build().LastSpent, process.Build().LastReportedOn));
    }

    [Fact]
    public void the_reports_are_read_from_the_events_as_corrected_numbered_from_one()
    {
        var process = ThreeReports();
        process.Then(Decisions.Event<WorkProgressCorrected>(Decide(process, 2, Saying(30, 300_000m, February))));

        Assert.Equal([(January, 10), (February, 30), (March, 85)], RecordedReport.From(process.Events).Select(r => (r.ReportedOn, r.PercentComplete)));
    }

    [Fact]
    public void a_correction_of_the_figures_alone_keeps_the_evidence_and_notes_and_says_they_did_not_change()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(10, 100_000m, January);
        var report = RecordedReport.From(process.Events)[0];
        process.Then(Decisions.Event<WorkProgressCorrected>(Decide(process, 1,
            new CorrectWorkProgress(new ReportWorkProgress(January, 12, 100_000m, report.Evidence, null!), "Dos puntos más."))));

        var correction = Assert.Single(process.BuildProgress().Reports[0].Corrections);
        Assert.Equal((false, false, 10), (correction.EvidenceChanged, correction.NotesChanged, correction.WasPercentComplete));
    }

    [Fact]
    public void a_view_stored_before_reports_had_numbers_is_numbered_as_it_is_read()
    {
        var options = new Marten.StoreOptions();
        EventFormat.Apply(options, "Host=localhost", "numbers");
        var serializer = options.Serializer();
        var view = new ChosenWorkProgress(Guid.NewGuid(), null, 20, 200_000m, 1_250_000m, 16.0m,
            [new ProgressReport(January, 10, 100_000m, [Photo], "", ProcessBuilder.Staff), new ProgressReport(January.AddMonths(1), 20, 200_000m, [Photo], "", ProcessBuilder.Staff)]);
        var stored = System.Text.Json.Nodes.JsonNode.Parse(serializer.ToJson(view))!;
        foreach (var report in stored["Reports"]!.AsArray()) Assert.True(report!.AsObject().Remove("Number"));

        var read = serializer.FromJson<ChosenWorkProgress>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored.ToJsonString())));

        Assert.Equal([1, 2], read.Reports.Select(r => r.Number));
        Assert.Equal([1, 2], (read with { Reports = [.. read.Reports.Select(r => r with { Number = 0 })] }).Reports.Select(r => r.Number));
    }

    [Fact]
    public void without_a_budget_a_correction_shows_no_share_either()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        process.Then(new WorkProgressReported(process.Id, January, 10, 5_000m, 0m, [Photo], "", ProcessBuilder.Staff, ProcessBuilder.StartedAt));
        process.Then(new WorkProgressCorrected(process.Id, 1, true, January, 12, 6_000m, 0m, [Photo], "", "Ajuste.", ProcessBuilder.Staff, Now));

        var progress = process.BuildProgress();
        Assert.Equal((12, 6_000m), (progress.PercentComplete, progress.Spent));
        Assert.Null(progress.SpentOfBudgetPercent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void a_report_that_does_not_exist_is_not_found(int number)
    {
        var refused = Decide(ThreeReports(), number, Saying(30, 300_000m, February));

        Assert.Equal("progress_report_not_found", Decisions.Refusal(refused));
        Assert.Equal(404, refused.Rejection!.Status);
        Assert.Contains("del 1 al 3", refused.Rejection.Detail);
    }

    [Fact]
    public void a_process_without_reports_has_none_to_correct() =>
        Assert.Contains("aún no tiene informes", Decide(ProcessBuilder.AtStage(Stage.Convenio), 1, Saying(30, 300_000m, February)).Rejection!.Detail);

    [Theory]
    [InlineData(9, 300_000, "2021-02-15", "progress_went_back", "El informe 1 reportó 10\u00a0% de avance")]
    [InlineData(30, 99_999.99, "2021-02-15", "spend_went_back", "el informe 1 reportó $100,000 MXN")]
    [InlineData(30, 300_000, "2021-01-14", "report_out_of_order", "El informe 1 es del 15/01/2021")]
    [InlineData(86, 300_000, "2021-02-15", "progress_past_next_report", "El informe 3 reportó 85\u00a0% de avance")]
    [InlineData(30, 500_000.01, "2021-02-15", "spend_past_next_report", "el informe 3 reportó $500,000 MXN")]
    [InlineData(30, 300_000, "2021-03-16", "report_out_of_order", "El informe 3 es del 15/03/2021")]
    public void a_corrected_report_stays_between_the_one_before_and_the_one_after(int percent, double spent, string on, string code, string detail)
    {
        var refused = Decide(ThreeReports(), 2, Saying(percent, (decimal)spent, DateOnly.Parse(on)));

        Assert.Equal(code, Decisions.Refusal(refused));
        Assert.Equal(422, refused.Rejection!.Status);
        Assert.Contains(detail, refused.Rejection.Detail);
    }

    [Fact]
    public void the_neighbours_own_figures_are_allowed()
    {
        Assert.True(Decide(ThreeReports(), 2, Saying(10, 100_000m, January)).Accepted);
        Assert.True(Decide(ThreeReports(), 2, Saying(85, 500_000m, March)).Accepted);
        Assert.True(Decide(ThreeReports(), 1, Saying(0, 0m, ProcessBuilder.Planned(Stage.Jornada))).Accepted); // the first has no report before it, only the publication
        Assert.True(Decide(ThreeReports(), 3, Saying(100, 2_000_000m, March.AddMonths(3))).Accepted); // nor the last one after it
    }

    [Fact]
    public void a_correction_that_changes_nothing_is_refused()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).WithProgress(10, 100_000m, January);
        var same = new CorrectWorkProgress(new ReportWorkProgress(January, 10, 100_000m, [new Evidence("Estimación de obra", new string('e', 64), null)], " "), "Reenvío.");

        Assert.Equal("correction_changes_nothing", Decisions.Refusal(Decide(process, 1, same)));
        Assert.True(Decide(process, 1, same with { Corrected = same.Corrected with { Notes = "Con nota." } }).Accepted);
    }
}

public sealed class when_a_progress_correction_is_validated
{
    private static readonly CorrectWorkProgressValidator Validator = new();
    private static readonly ReportWorkProgress Report = new(new DateOnly(2021, 1, 15), 25, 312_500m, [new Evidence("Estimación", new string('a', 64), null)], "");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void it_says_why(string reason)
    {
        var result = Validator.Validate(new CorrectWorkProgress(Report, reason));

        Assert.Equal("Explique el motivo de la corrección: se publica junto con lo que decía el informe.", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void the_reason_has_at_most_1000_characters()
    {
        Assert.True(Validator.Validate(new CorrectWorkProgress(Report, new string('x', 1000))).IsValid);
        Assert.False(Validator.Validate(new CorrectWorkProgress(Report, new string('x', 1001))).IsValid);
    }

    [Fact]
    public void the_corrected_report_keeps_a_reports_rules() =>
        Assert.Contains(Validator.Validate(new CorrectWorkProgress(Report with { PercentComplete = 101 }, "Typo.")).Errors,
            e => e.ErrorMessage == "El avance es un porcentaje de 0 a 100.");
}
