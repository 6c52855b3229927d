using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_proposal_is_submitted
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddMinutes(30);
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;

    public when_a_proposal_is_submitted() => _table = WorkTableBuilder.Convened(_process, number: 5).WithParticipants(2);

    private static SubmitProposal Command(Guid participantId, string coloniaId = "Villas-de-Guadalupe") =>
        new(participantId, "  Rehabilitar la cancha ", " Piso, tableros y luminarias. ", coloniaId, WorkCategory.CommunityFacility, 2_400_000m);

    private Decision Submit(SubmitProposal command, Guid? proposalId = null) =>
        SubmitProposalEndpoint.Decide(_process.Build(), _table.Build(), command, proposalId ?? Guid.NewGuid(), ProcessBuilder.Staff, Now);

    [Fact]
    public void a_seated_participant_presents_a_work_in_a_colonia_of_the_process()
    {
        var proposalId = Guid.NewGuid();

        var submitted = Decisions.Event<ProposalSubmitted>(Submit(Command(_table.Participant(2)), proposalId));

        Assert.Equal(new ProposalSubmitted(proposalId, _process.Id, _table.Id, 5, _table.Participant(2), "Rehabilitar la cancha",
            "Piso, tableros y luminarias.", "villas-de-guadalupe", WorkCategory.CommunityFacility, 2_400_000m, ProcessBuilder.Staff, Now), submitted);
        var proposal = ProposalBuilder.Fold([submitted]);
        Assert.Equal((_table.Participant(2), ProposalStatus.Deliberating, Now), (proposal.AuthorId, proposal.Status, proposal.SubmittedAt));
        Assert.True(proposal.IsActive);
        Assert.False(proposal.IsViable);
    }

    [Fact]
    public void someone_not_seated_at_the_table_presents_nothing()
    {
        var decision = Submit(Command(Guid.NewGuid()));

        Assert.Equal("not_seated", Decisions.Refusal(decision));
        Assert.Equal(422, decision.Rejection!.Status);
        Assert.Contains("mesa 5", decision.Rejection.Detail);
    }

    [Fact]
    public void the_work_must_be_in_a_colonia_of_the_process()
    {
        var decision = Submit(Command(_table.Participant(1), "juriquilla"));

        Assert.Equal("colonia_outside_territory", Decisions.Refusal(decision));
        Assert.Equal(422, decision.Rejection!.Status);
    }

    [Fact]
    public void proposals_are_presented_only_at_the_first_table()
    {
        _process.Advanced(Stage.SecondWorkTable);

        Assert.Equal("wrong_stage", Decisions.Refusal(Submit(Command(_table.Participant(1)))));
    }

    /// <summary>Under an Idempotency-Key the proposal's id comes from the key: a retry finds the proposal its first request made.</summary>
    [Fact]
    public void the_same_request_again_finds_its_proposal_and_records_nothing_and_the_key_with_other_data_is_refused()
    {
        var id = SubmitProposalEndpoint.ProposalId(_table.Id, "clave-de-reintento-0001", Now);
        Assert.Equal(id, SubmitProposalEndpoint.ProposalId(_table.Id, "clave-de-reintento-0001", Now.AddHours(1)));
        Assert.NotEqual(id, SubmitProposalEndpoint.ProposalId(_table.Id, "clave-de-reintento-0002", Now));
        var command = Command(_table.Participant(2));
        var existing = ProposalBuilder.Fold([Decisions.Event<ProposalSubmitted>(Submit(command, id))]);
        Decision Again(SubmitProposal sent) =>
            SubmitProposalEndpoint.Decide(_process.Build(), _table.Build(), sent, id, ProcessBuilder.Staff, Now.AddMinutes(1), existing);

        var again = Again(command with { ColoniaId = " villas-de-guadalupe " });
        Assert.True(again.Accepted);
        Assert.Empty(again.Events);
        Assert.Equal("idempotency_key_other_proposal", Decisions.Refusal(Again(command with { Title = "Otra obra" })));
        Assert.Equal("idempotency_key_other_proposal", Decisions.Refusal(Again(command with { ParticipantId = _table.Participant(1) })));
        Assert.Equal("idempotency_key_other_proposal", Decisions.Refusal(Again(command with { RoughCost = 2_400_001m })));
        _process.Advanced(Stage.SecondWorkTable); // a retry that arrives after the stage moved on still finds its proposal
        Assert.True(Again(command).Accepted);
    }
}

public sealed class when_a_proposal_is_deliberated
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddHours(1);
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;
    private readonly ProposalBuilder _proposal;

    public when_a_proposal_is_deliberated()
    {
        _table = WorkTableBuilder.Convened(_process).WithParticipants(3);
        _proposal = _table.Proposal(1, "Alumbrado del parque Loma Bonita");
    }

    private Decision Argue(Guid participantId, Stance stance = Stance.For) => RecordArgumentEndpoint.Decide(_process.Build(), _table.Build(),
        _proposal.Build(), new RecordArgument(participantId, stance, "  El parque está a oscuras desde las seis. "), ProcessBuilder.Staff, Now);

    private Decision Comment(Guid participantId) => RecordCommentEndpoint.Decide(_process.Build(), _table.Build(),
        _proposal.Build(), new RecordComment(participantId, " ¿Incluye el andador? "), ProcessBuilder.Staff, Now);

    [Theory]
    [InlineData(Stage.FirstWorkTable, Stance.For)]
    [InlineData(Stage.SecondWorkTable, Stance.Against)]
    public void participants_argue_for_or_against_at_both_tables(Stage stage, Stance stance)
    {
        if (stage == Stage.SecondWorkTable) _process.Advanced(stage);

        var argument = Decisions.Event<ArgumentRecorded>(Argue(_table.Participant(3), stance));

        Assert.Equal(new ArgumentRecorded(_proposal.Id, _process.Id, _table.Participant(3), stance, "El parque está a oscuras desde las seis.",
            ProcessBuilder.Staff, Now), argument);
    }

    [Fact]
    public void a_comment_is_recorded_trimmed()
    {
        var comment = Decisions.Event<CommentRecorded>(Comment(_table.Participant(2)));

        Assert.Equal(new CommentRecorded(_proposal.Id, _process.Id, _table.Participant(2), "¿Incluye el andador?", ProcessBuilder.Staff, Now), comment);
    }

    [Fact]
    public void only_people_seated_at_the_table_argue_or_comment()
    {
        Assert.Equal("not_seated", Decisions.Refusal(Argue(Guid.NewGuid())));
        Assert.Equal("not_seated", Decisions.Refusal(Comment(Guid.NewGuid())));
    }

    [Fact]
    public void a_withdrawn_proposal_is_no_longer_deliberated()
    {
        _proposal.Withdrawn();

        Assert.Equal("proposal_inactive", Decisions.Refusal(Argue(_table.Participant(1))));
        Assert.Equal("proposal_inactive", Decisions.Refusal(Comment(_table.Participant(1))));
    }

    [Fact]
    public void after_the_work_tables_there_is_no_more_deliberation()
    {
        _process.Advanced(Stage.SecondWorkTable).WithShortlist().Advanced(Stage.Jornada);

        Assert.Equal("wrong_stage", Decisions.Refusal(Argue(_table.Participant(1))));
        Assert.Equal("wrong_stage", Decisions.Refusal(Comment(_table.Participant(1))));
    }
}

public sealed class when_a_proposal_is_withdrawn
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddHours(2);
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;
    private readonly ProposalBuilder _proposal;

    public when_a_proposal_is_withdrawn()
    {
        _table = WorkTableBuilder.Convened(_process).WithParticipants(2);
        _proposal = _table.Proposal(1, "Bacheo de la avenida");
    }

    private Decision Withdraw(Guid participantId) => WithdrawProposalEndpoint.Decide(_process.Build(), _proposal.Build(),
        new WithdrawProposal(participantId, "  Ya la atiende el programa de bacheo. "), ProcessBuilder.Staff, Now);

    [Fact]
    public void its_author_withdraws_it_with_a_reason()
    {
        var withdrawn = Decisions.Event<ProposalWithdrawn>(Withdraw(_proposal.AuthorId));

        Assert.Equal(new ProposalWithdrawn(_proposal.Id, _process.Id, _proposal.AuthorId, "Ya la atiende el programa de bacheo.",
            ProcessBuilder.Staff, Now), withdrawn);
        var proposal = _proposal.Then(withdrawn).Build();
        Assert.Equal(ProposalStatus.Withdrawn, proposal.Status);
        Assert.False(proposal.IsActive);
    }

    [Fact]
    public void nobody_else_withdraws_it()
    {
        var decision = Withdraw(_table.Participant(2));

        Assert.Equal("not_the_author", Decisions.Refusal(decision));
        Assert.Equal(403, decision.Rejection!.Status);
    }

    [Fact]
    public void a_proposal_no_longer_in_deliberation_is_not_withdrawn_again()
    {
        _proposal.Then(Decisions.Event<ProposalWithdrawn>(Withdraw(_proposal.AuthorId)));

        Assert.Equal("proposal_inactive", Decisions.Refusal(Withdraw(_proposal.AuthorId)));
    }

    [Fact]
    public void a_merged_proposal_is_not_withdrawn_either()
    {
        _proposal.MergedInto(_table.Proposal(2, "Bacheo de avenida Luis Donaldo Colosio"));

        Assert.Equal("proposal_inactive", Decisions.Refusal(Withdraw(_proposal.AuthorId)));
    }

    [Fact]
    public void it_can_still_be_withdrawn_at_the_second_table_but_not_later()
    {
        _process.Advanced(Stage.SecondWorkTable);
        Assert.True(Withdraw(_proposal.AuthorId).Accepted);

        _process.WithShortlist().Advanced(Stage.Jornada);
        Assert.Equal("wrong_stage", Decisions.Refusal(Withdraw(_proposal.AuthorId)));
    }

    [Fact]
    public void a_proposal_on_the_ballot_is_not_withdrawn()
    {
        _process.Advanced(Stage.SecondWorkTable).Then(new ShortlistChosen(_process.Id, _process.JornadaId, [_proposal.Id, Guid.NewGuid()],
            ProcessRanking.Rule, [], ProcessBuilder.Staff, Now.AddDays(10)));

        Assert.Equal("deliberation_closed", Withdraw(_proposal.AuthorId).Rejection?.Code);
    }
}

public sealed class when_duplicate_proposals_are_merged
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddHours(3);
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;
    private readonly ProposalBuilder _duplicate;
    private readonly ProposalBuilder _survivor;

    public when_duplicate_proposals_are_merged()
    {
        _table = WorkTableBuilder.Convened(_process).WithParticipants(2);
        _survivor = _table.Proposal(1, "Pavimentación de la calle Encino");
        _duplicate = _table.Proposal(2, "Pavimentar Encino");
    }

    /// <summary>The merge decision, split by stream: the duplicate's event and the survivor's (the other stream).</summary>
    private (Rejection? Rejection, ProposalMerged? Merged, DuplicateAbsorbed? Absorbed) Merge(ProposalBuilder duplicate, ProposalBuilder? into)
    {
        var decision = MergeProposalEndpoint.Decide(_process.Build(), duplicate.Build(), into?.Build(), Endorsers,
            new MergeProposal(into?.Id ?? Guid.NewGuid(), "  Misma calle. "), ProcessBuilder.Staff, Now);
        return (decision.Rejection, (ProposalMerged?)decision.Events.SingleOrDefault(), (DuplicateAbsorbed?)decision.OtherStream.SingleOrDefault());
    }

    private static readonly Guid[] Endorsers = [Guid.NewGuid(), Guid.NewGuid()];

    private static string Refusal((Rejection? Rejection, ProposalMerged? Merged, DuplicateAbsorbed? Absorbed) decision)
    {
        Assert.Null(decision.Merged);
        Assert.Null(decision.Absorbed);
        return Assert.IsType<Rejection>(decision.Rejection).Code;
    }

    [Fact]
    public void the_duplicate_is_merged_and_the_survivor_absorbs_it()
    {
        var (rejection, merged, absorbed) = Merge(_duplicate, _survivor);

        Assert.Null(rejection);
        Assert.Equal(new ProposalMerged(_duplicate.Id, _process.Id, _survivor.Id, "Misma calle.", ProcessBuilder.Staff, Now), merged);
        Assert.Equal((_survivor.Id, _process.Id, _duplicate.Id, "Pavimentar Encino", ProcessBuilder.Staff, Now),
            (absorbed!.ProposalId, absorbed.ProcessId, absorbed.DuplicateId, absorbed.DuplicateTitle, absorbed.MergedBy, absorbed.At));
        Assert.Equal(Endorsers, absorbed.DuplicateEndorsers);
        var duplicate = _duplicate.Then(merged!).Build();
        Assert.Equal((ProposalStatus.Merged, (Guid?)_survivor.Id), (duplicate.Status, duplicate.MergedInto));
        Assert.True(_survivor.Then(absorbed!).Build().IsActive);
    }

    [Fact]
    public void the_target_must_exist_in_the_same_process()
    {
        var otherProcess = ProcessBuilder.Started();
        var foreign = WorkTableBuilder.Convened(otherProcess).WithParticipants(1).Proposal(1, "Pavimentación de Encino");

        var missing = Merge(_duplicate, null);
        Assert.Equal("merge_target_invalid", Refusal(missing));
        Assert.Equal(422, missing.Rejection!.Status);
        Assert.Equal("merge_target_invalid", Refusal(Merge(_duplicate, foreign)));
    }

    [Fact]
    public void a_proposal_is_not_merged_into_itself()
    {
        var decision = Merge(_duplicate, _duplicate);

        Assert.Equal("merge_target_invalid", Refusal(decision));
        Assert.Contains("consigo misma", decision.Rejection!.Detail);
    }

    [Fact]
    public void both_proposals_must_still_be_in_deliberation()
    {
        var third = _table.Proposal(1, "Encino pavimentada").Withdrawn();
        var inactiveDuplicate = Merge(third, _survivor);
        Assert.Equal("proposal_inactive", Refusal(inactiveDuplicate));
        Assert.Contains("«Encino pavimentada»", inactiveDuplicate.Rejection!.Detail);

        _survivor.MergedInto(_table.Proposal(2, "Calle Encino"));
        var inactiveTarget = Merge(_duplicate, _survivor);
        Assert.Equal("proposal_inactive", Refusal(inactiveTarget));
        Assert.Contains("«Pavimentación de la calle Encino»", inactiveTarget.Rejection!.Detail);
    }

    [Fact]
    public void duplicates_are_merged_only_at_the_work_tables()
    {
        _process.Advanced(Stage.SecondWorkTable);
        Assert.Null(Merge(_duplicate, _survivor).Rejection);

        _process.WithShortlist().Advanced(Stage.Jornada);
        Assert.Equal("wrong_stage", Refusal(Merge(_duplicate, _survivor)));
    }
}
