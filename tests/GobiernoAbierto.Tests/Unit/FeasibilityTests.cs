using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_feasibility_study_is_recorded
{
    private static readonly DateTimeOffset Now = ProposalBuilder.StudiedAt;
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly ProposalBuilder _proposal;

    public when_a_feasibility_study_is_recorded() =>
        _proposal = WorkTableBuilder.Convened(_process).WithParticipants(1).Proposal(1, "Alumbrado del parque Loma Bonita");

    private static RecordFeasibilityStudy Command(Verdict verdict = Verdict.Viable, decimal cost = 830_000m) => new(
        new Assessment(true, "Postes existentes."), new Assessment(true, "Espacio municipal."),
        new Assessment(verdict == Verdict.Viable, "Partida 2021."), cost, verdict, "  Luminarias LED en 40 postes. ");

    private Decision Study(RecordFeasibilityStudy command) =>
        RecordFeasibilityStudyEndpoint.Decide(_process.Build(), _proposal.Build(), command, ProcessBuilder.Staff, Now);

    [Theory]
    [InlineData(Stage.FirstWorkTable)]
    [InlineData(Stage.SecondWorkTable)]
    public void the_authorities_study_is_recorded_at_the_work_tables_and_makes_the_proposal_viable(Stage stage)
    {
        if (stage == Stage.SecondWorkTable) _process.Advanced(stage);
        var command = Command();

        var recorded = Decisions.Event<FeasibilityStudyRecorded>(Study(command));

        Assert.Equal((_proposal.Id, _process.Id), (recorded.ProposalId, recorded.ProcessId));
        Assert.Equal(new FeasibilityStudy(command.Technical, command.Legal, command.Budget, 830_000m, Verdict.Viable,
            "Luminarias LED en 40 postes.", ProcessBuilder.Staff, Now), recorded.Study);
        var proposal = _proposal.Then(recorded).Build();
        Assert.Equal(recorded.Study, proposal.Feasibility);
        Assert.True(proposal.IsViable);
    }

    [Fact]
    public void a_not_viable_verdict_keeps_the_proposal_in_deliberation_but_not_viable()
    {
        var proposal = _proposal.Then(Decisions.Event<FeasibilityStudyRecorded>(Study(Command(Verdict.NotViable)))).Build();

        Assert.True(proposal.IsActive);
        Assert.False(proposal.IsViable);
    }

    [Fact]
    public void a_new_study_replaces_the_previous_one()
    {
        _proposal.Studied(viable: false);

        var proposal = _proposal.Then(Decisions.Event<FeasibilityStudyRecorded>(Study(Command(cost: 790_000m)))).Build();

        Assert.True(proposal.IsViable);
        Assert.Equal(790_000m, proposal.Feasibility!.CostEstimate);
    }

    [Fact]
    public void a_viable_study_does_not_make_a_withdrawn_proposal_viable()
    {
        var withdrawnAfterStudy = _proposal.Studied().Withdrawn().Build();
        Assert.False(withdrawnAfterStudy.IsViable);

        var decision = Study(Command());
        Assert.Equal("proposal_inactive", Decisions.Refusal(decision));
        Assert.Contains("«Alumbrado del parque Loma Bonita»", decision.Rejection!.Detail);
    }

    [Fact]
    public void no_study_is_recorded_once_the_vote_is_under_way()
    {
        _process.Advanced(Stage.SecondWorkTable).WithShortlist().Advanced(Stage.Jornada);

        Assert.Equal("wrong_stage", Decisions.Refusal(Study(Command())));
    }
}

public sealed class when_a_feasibility_study_is_validated
{
    private static readonly RecordFeasibilityStudyValidator Validator = new();
    private const string ViableNeedsAllThree = "Un dictamen «viable» requiere viabilidad técnica, legal y presupuestal.";

    private static RecordFeasibilityStudy Study(bool technical, bool legal, bool budget, Verdict verdict) => new(
        new Assessment(technical, "Notas técnicas."), new Assessment(legal, "Notas legales."), new Assessment(budget, "Notas presupuestales."),
        1_000_000m, verdict, "Motivos.");

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public void a_viable_verdict_needs_technical_legal_and_budget_viability(bool technical, bool legal, bool budget)
    {
        var result = Validator.Validate(Study(technical, legal, budget, Verdict.Viable));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ErrorMessage == ViableNeedsAllThree);
    }

    [Fact]
    public void a_viable_verdict_with_all_three_is_valid() =>
        Assert.True(Validator.Validate(Study(true, true, true, Verdict.Viable)).IsValid);

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void a_not_viable_verdict_is_valid_whatever_the_assessments_say(bool technical, bool legal, bool budget) =>
        Assert.True(Validator.Validate(Study(technical, legal, budget, Verdict.NotViable)).IsValid);

    [Fact]
    public void a_missing_assessment_cannot_back_a_viable_verdict()
    {
        var result = Validator.Validate(Study(true, true, true, Verdict.Viable) with { Legal = null! });

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ErrorMessage == ViableNeedsAllThree);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_000_000)]
    public void the_cost_estimate_is_positive_and_below_a_billion(int cost) =>
        Assert.False(Validator.Validate(Study(true, true, true, Verdict.Viable) with { CostEstimate = cost }).IsValid);

    [Fact]
    public void the_verdict_gives_its_reasons() =>
        Assert.False(Validator.Validate(Study(true, true, true, Verdict.Viable) with { Reasons = " " }).IsValid);
}
