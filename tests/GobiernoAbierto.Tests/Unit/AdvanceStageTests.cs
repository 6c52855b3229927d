using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_process_advances_a_stage
{
    private static readonly DateTimeOffset Now = ProcessBuilder.StartedAt.AddDays(3);

    /// <summary>A stage outside the list is told with the stages' Spanish names, as every other message names them.</summary>
    [Fact]
    public void a_stage_outside_the_list_is_refused_naming_the_stages_in_spanish()
    {
        var error = Assert.Single(new AdvanceStageValidator().Validate(new AdvanceStage((Stage)42)).Errors).ErrorMessage;

        Assert.StartsWith("La etapa es una de: «Primera mesa de trabajo», «Segunda mesa de trabajo», «Jornada de Participación», «Firma de convenio», ", error);
        Assert.EndsWith(", «Proceso concluido».", error);
        Assert.DoesNotContain("FirstWorkTable", error);
    }

    /// <summary>
    /// Advances the process as it stands after its Jornada reached that state: publishing the Jornada's winner writes
    /// what the process learns of it on the process's stream (PublishChosenProjectEndpoint's other stream).
    /// </summary>
    private static Decision Advance(ProcessBuilder builder, Stage to, Jornada? jornada = null, ProcessRanking? ranking = null)
    {
        var process = builder.Build();
        if (jornada is { Status: JornadaStatus.Published })
            process = process.Apply(Assert.IsType<JornadaResultPublished>(Assert.Single(
                PublishChosenProjectEndpoint.Decide(jornada with { Status = JornadaStatus.Certified }, ProcessBuilder.Staff, Now).OtherStream)));
        return AdvanceStageEndpoint.Decide(process, ranking ?? Proposals(process.Id, ProposalStatus.Deliberating, ProposalStatus.Deliberating),
            to, ProcessBuilder.Staff, Now);
    }

    /// <summary>The process's ranking with one proposal in each of these states, none studied yet.</summary>
    private static ProcessRanking Proposals(Guid processId, params ProposalStatus[] statuses) => new(processId,
        [.. statuses.Select((status, i) => new RankingEntry(Guid.NewGuid(), $"Propuesta {i + 1}", 1, [], status, null, null, ProcessBuilder.StartedAt))]);

    [Fact]
    public void the_first_table_gives_way_to_the_second_and_the_change_is_recorded()
    {
        var builder = ProcessBuilder.AtStage(Stage.FirstWorkTable);

        var advanced = Decisions.Event<StageAdvanced>(Advance(builder, Stage.SecondWorkTable));

        Assert.Equal((builder.Id, Stage.FirstWorkTable, Stage.SecondWorkTable, ProcessBuilder.Staff, Now),
            (advanced.ProcessId, advanced.From, advanced.To, advanced.AdvancedBy, advanced.AdvancedAt));
        Assert.Equal(Stage.SecondWorkTable, builder.Then(advanced).Build().Stage);
    }

    /// <summary>
    /// An outside tester moved a process to the second table before any table was convened: proposals are presented only
    /// at the first, so its second table had nothing to choose from and the process could never reach its Jornada.
    /// </summary>
    [Theory]
    [InlineData("no hay ninguna")]
    [InlineData("hay una", ProposalStatus.Deliberating)]
    [InlineData("hay una", ProposalStatus.Deliberating, ProposalStatus.Withdrawn, ProposalStatus.Merged)]
    public void the_first_table_does_not_give_way_with_fewer_than_two_proposals_in_deliberation(string howMany, params ProposalStatus[] proposals)
    {
        var builder = ProcessBuilder.AtStage(Stage.FirstWorkTable);

        var decision = Advance(builder, Stage.SecondWorkTable, ranking: Proposals(builder.Id, proposals));

        Assert.Equal(AdvanceStageEndpoint.ProposalsMissing, Decisions.Refusal(decision));
        Assert.Contains($"hacen falta al menos dos propuestas en deliberación, y {howMany}: las propuestas solo se presentan en la primera mesa",
            decision.Rejection!.Detail);
    }

    [Theory]
    [InlineData(Stage.FirstWorkTable)]
    [InlineData(Stage.Convenio)]
    [InlineData(Stage.FourthCommitteeSession)]
    [InlineData(Stage.Concluded)]
    public void only_the_next_stage_can_be_reached(Stage to)
    {
        var builder = ProcessBuilder.AtStage(Stage.SecondWorkTable).WithShortlist();

        var decision = Advance(builder, to);

        Assert.Equal("stage_out_of_order", Decisions.Refusal(decision));
        Assert.Contains("la siguiente etapa es «Jornada de Participación»", decision.Rejection!.Detail);
        Assert.Contains("El proceso está en «Segunda mesa de trabajo»", decision.Rejection.Detail);
    }

    /// <summary>An advance sent again was told the next stage is another, «no» the one it is in (an outside tester).</summary>
    [Fact]
    public void the_stage_the_process_is_in_sent_again_is_said_as_already_reached()
    {
        var decision = Advance(ProcessBuilder.AtStage(Stage.SecondWorkTable), Stage.SecondWorkTable);

        Assert.Equal("stage_already_reached", Decisions.Refusal(decision));
        Assert.Contains("ya está en «Segunda mesa", decision.Rejection!.Detail);
        Assert.Contains("la siguiente etapa es «Jornada de Participación»", decision.Rejection.Detail);
    }

    [Fact]
    public void a_stage_out_of_order_is_refused_before_looking_at_what_is_missing() =>
        Assert.Equal("stage_out_of_order", Decisions.Refusal(Advance(ProcessBuilder.AtStage(Stage.SecondWorkTable), Stage.Convenio)));

    [Fact]
    public void the_jornada_needs_the_shortlist_first()
    {
        var builder = ProcessBuilder.AtStage(Stage.SecondWorkTable);

        Assert.Equal("shortlist_missing", Decisions.Refusal(Advance(builder, Stage.Jornada)));
        Assert.Equal(Stage.Jornada, Decisions.Event<StageAdvanced>(Advance(builder.WithShortlist(), Stage.Jornada)).To);
    }

    [Fact]
    public void the_convenio_waits_until_the_chosen_project_is_published()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada);
        var jornada = process.Jornada();
        var notYet = new List<Jornada?> { null, jornada.Build(), jornada.WithKiosk(JornadaBuilder.Kiosk1).Opened().Build() };
        jornada.WithOnlineBallots("A", "B", "A").Closed();
        notYet.Add(jornada.Build());
        notYet.Add(jornada.Certified().Build());

        foreach (var stillGoing in notYet)
            Assert.Equal("chosen_project_not_published", Decisions.Refusal(Advance(process, Stage.Convenio, stillGoing)));
        Assert.True(Advance(process, Stage.Convenio, jornada.Published("A").Build()).Accepted);
    }

    /// <summary>A tie has no project to publish: staff are told that a new Jornada decides, not to publish one.</summary>
    [Fact]
    public void after_a_certified_tie_the_refusal_says_a_new_jornada_decides()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada);
        var tied = process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("A", "B").Closed().Certified().Build();
        var why = CallNewJornadaEndpoint.WhyVoteAgain(tied, Now);

        var refusal = AdvanceStageEndpoint.Decide(process.Build(), Proposals(process.Id), Stage.Convenio, ProcessBuilder.Staff, Now, why).Rejection!;

        Assert.Equal(("chosen_project_not_published", "La Jornada no eligió proyecto"), (refusal.Code, refusal.Title));
        Assert.Equal("Los dos proyectos obtuvieron los mismos votos, así que ninguno resulta elegido. Se decide en una nueva Jornada, que convoca " +
            "el Municipio. El convenio se firma para el proyecto que elija esa nueva Jornada, una vez publicado.", refusal.Detail);
    }

    [Fact]
    public void leaving_the_jornada_records_the_published_winner_as_the_chosen_work()
    {
        var process = ProcessBuilder.AtStage(Stage.Jornada);
        var jornada = process.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("B", "A", "B").Closed().Certified().Published("B");

        var decision = Advance(process, Stage.Convenio, jornada.Build());

        Assert.True(decision.Accepted);
        Assert.Collection(decision.Events,
            e => Assert.Equal(new StageAdvanced(process.Id, Stage.Jornada, Stage.Convenio, ProcessBuilder.Staff, Now), e),
            e => Assert.Equal(new ChosenWorkConfirmed(process.Id,
                new ChosenWork(jornada.Id, "B", process.ShortlistedIds[1], JornadaBuilder.OptionB.Title, JornadaBuilder.OptionB.EstimatedCost),
                ProcessBuilder.Staff, Now), e));
        var after = process.Then(decision.Events).Build();
        Assert.Equal((Stage.Convenio, 830_000m), (after.Stage, after.ChosenWork!.Budget));
    }

    [Fact]
    public void the_committee_waits_for_the_signed_convenio()
    {
        var builder = ProcessBuilder.AtStage(Stage.Convenio);

        Assert.Equal("convenio_not_signed", Decisions.Refusal(Advance(builder, Stage.FirstCommitteeSession)));
        Assert.Equal(Stage.FirstCommitteeSession, Decisions.Event<StageAdvanced>(Advance(builder.WithConvenio(), Stage.FirstCommitteeSession)).To);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void each_session_is_held_before_the_process_moves_on(int session)
    {
        var stage = Stages.SessionStage(session);
        var builder = ProcessBuilder.AtStage(stage);

        var early = Advance(builder, stage + 1);

        Assert.Equal("session_not_held", Decisions.Refusal(early));
        // Staff read it, and the session is the Committee's to record: said whose it is.
        Assert.Equal($"Falta registrar la {stage.Label()[..1].ToLowerInvariant()}{stage.Label()[1..]}: la registra la Secretaría Técnica del Comité " +
            "desde su consola, y después se pasa a la etapa siguiente.", early.Rejection!.Detail);
        Assert.Contains("sesión ordinaria del Comité de Gobierno Abierto: la registra", early.Rejection.Detail); // a proper name keeps its capitals
        Assert.Equal(stage + 1, Decisions.Event<StageAdvanced>(Advance(builder.WithSession(session), stage + 1)).To);
    }

    [Fact]
    public void the_whole_plan_advances_stage_by_stage_once_each_stage_has_done_its_part()
    {
        var builder = ProcessBuilder.Started();
        var jornada = builder.Jornada().WithKiosk(JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("A").Closed().Certified().Published("A").Build();

        for (var stage = Stage.FirstWorkTable; stage < Stage.Concluded; stage++)
        {
            if (stage == Stage.SecondWorkTable) builder.WithShortlist();
            if (stage == Stage.Convenio) builder.WithConvenio();
            if (stage.SessionNumber() is { } session) builder.WithSession(session);
            var decision = Advance(builder, stage + 1, stage == Stage.Jornada ? jornada : null);
            Assert.True(decision.Accepted, $"{stage}: {decision.Rejection?.Code}");
            builder.Then(decision.Events);
        }

        var concluded = builder.Build();
        Assert.Equal((Stage.Concluded, 4), (concluded.Stage, concluded.SessionsHeld));
        Assert.Equal(builder.Work, concluded.ChosenWork);
    }

    [Theory]
    [InlineData(Stage.FirstWorkTable)]
    [InlineData(Stage.Concluded)]
    public void a_concluded_process_goes_nowhere(Stage to)
    {
        var decision = Advance(ProcessBuilder.AtStage(Stage.Concluded), to);

        Assert.Equal("process_concluded", Decisions.Refusal(decision));
        Assert.Contains(ProcessBuilder.Title, decision.Rejection!.Detail);
    }
}

/// <summary>
/// Staff concluded a process with the committee's agreements still open and learnt it on the public page: the process's
/// page says which before the box is ticked. A warning: concluding is still allowed.
/// </summary>
public sealed class when_staff_are_about_to_conclude_a_process
{
    private static Agreement Taken(int n, AgreementStatus status, string? text = null) =>
        new($"ACU-4-{n:00}", 4, text ?? $"Acuerdo {n}", ProcessBuilder.Accountability.Id, "Secretaría de Obras Públicas", null, status);

    private static ParticipationProcess AtTheFourthSession(params Agreement[] agreements) =>
        ProcessBuilder.AtStage(Stage.FourthCommitteeSession).WithSession(4, agreements).Build();

    [Fact]
    public void the_open_agreements_are_named_and_the_closed_ones_are_not()
    {
        var process = AtTheFourthSession(Taken(1, AgreementStatus.Pending), Taken(2, AgreementStatus.Done), Taken(3, AgreementStatus.InProgress),
            Taken(4, AgreementStatus.Cancelled));

        var warning = Process.Console.ProcessPage.PendingAgreementsWarning(process, Stage.Concluded);

        Assert.Equal("Quedan 2 acuerdos sin concluir: ACU-4-01 «Acuerdo 1» (pendiente; responsable: Secretaría de Obras Públicas); " +
                     "ACU-4-03 «Acuerdo 3» (en proceso; responsable: Secretaría de Obras Públicas). " +
                     "Si concluye el proceso, los acuerdos quedan publicados en ese estado y ya no se registra su seguimiento.", warning);
        Assert.True(AdvanceStageEndpoint.Decide(process, new ProcessRanking(process.Id, []), Stage.Concluded, ProcessBuilder.Staff,
            ProcessBuilder.StartedAt.AddYears(1)).Accepted); // not a refusal
    }

    [Fact]
    public void one_open_agreement_is_said_in_the_singular_and_a_long_text_is_cut_at_a_word()
    {
        var text = "Publicar en el portal municipal el informe final de la obra con sus estimaciones, fotografías y el acta de entrega a la delegación";
        var warning = Process.Console.ProcessPage.PendingAgreementsWarning(AtTheFourthSession(Taken(1, AgreementStatus.InProgress, text)), Stage.Concluded);

        Assert.StartsWith("Queda 1 acuerdo sin concluir: ACU-4-01 «Publicar en el portal municipal el informe final de la obra con sus…» (en proceso;", warning);
        Assert.EndsWith("Si concluye el proceso, el acuerdo queda publicado en ese estado y ya no se registra su seguimiento.", warning);
    }

    [Fact]
    public void nothing_is_said_when_every_agreement_is_closed_or_the_next_stage_is_not_the_conclusion()
    {
        Assert.Null(Process.Console.ProcessPage.PendingAgreementsWarning(AtTheFourthSession(Taken(1, AgreementStatus.Done), Taken(2, AgreementStatus.Cancelled)),
            Stage.Concluded));
        Assert.Null(Process.Console.ProcessPage.PendingAgreementsWarning(AtTheFourthSession(), Stage.Concluded));
        var third = ProcessBuilder.AtStage(Stage.ThirdCommitteeSession).WithSession(3, [Taken(1, AgreementStatus.Pending)]).Build();
        Assert.Null(Process.Console.ProcessPage.PendingAgreementsWarning(third, Stage.FourthCommitteeSession));
    }
}
