using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.WorkProgress;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_progress_on_the_chosen_work_is_reported
{
    private static readonly DateTimeOffset Now = ProcessBuilder.On(Stage.FirstCommitteeSession);
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
        Assert.Contains("«Jornada de Participación»", decision.Rejection!.Detail);
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
        Assert.Contains("40%", back.Rejection.Detail);
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
    public void a_report_has_at_least_one_evidence() => Assert.False(Validator.Validate(With()).IsValid);

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(101, 0)]
    [InlineData(50, -1)]
    public void the_percentage_is_between_0_and_100_and_the_spend_not_negative(int percent, int spent) =>
        Assert.False(Validator.Validate(With(new Evidence("Estimación", Sha, null)) with { PercentComplete = percent, Spent = spent }).IsValid);
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
