using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Territory;
using GobiernoAbierto.WorkTables;
using WorkTablePage = GobiernoAbierto.Process.Console.WorkTablePage;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_work_table_is_convened
{
    private static readonly DateTimeOffset Now = ProcessBuilder.StartedAt.AddDays(1);
    private static readonly ConveneWorkTable Command = new(3, "  Mesa Loma Bonita ", TableMode.Virtual, 9, WorkTableBuilder.MeetsAt);

    [Fact]
    public void at_the_first_table_stage_a_table_is_convened_with_its_trimmed_name()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstWorkTable).Build();
        var tableId = Guid.NewGuid();

        var convened = Decisions.Event<WorkTableConvened>(
            ConveneWorkTableEndpoint.Decide(process, [1, 2], Command, tableId, ProcessBuilder.Staff, Now));

        Assert.Equal(new WorkTableConvened(tableId, process.Id, 3, "Mesa Loma Bonita", TableMode.Virtual, 9, WorkTableBuilder.MeetsAt,
            ProcessBuilder.Staff, Now), convened);
        var table = WorkTableBuilder.Fold([convened]);
        Assert.Equal((tableId, process.Id, 3, 9), (table.Id, table.ProcessId, table.Number, table.Capacity));
        Assert.Empty(table.Participants);
        Assert.False(table.IsFull);
    }

    [Fact]
    public void a_number_the_process_already_has_is_refused()
    {
        var decision = ConveneWorkTableEndpoint.Decide(ProcessBuilder.Started().Build(), [1, 3], Command, Guid.NewGuid(), ProcessBuilder.Staff, Now);

        Assert.Equal("table_number_taken", Decisions.Refusal(decision));
        Assert.Contains("mesa 3", decision.Rejection!.Detail);
    }

    [Theory]
    [InlineData(Stage.SecondWorkTable)]
    [InlineData(Stage.Jornada)]
    public void after_the_first_table_stage_no_table_is_convened(Stage stage) =>
        Assert.Equal("wrong_stage", Decisions.Refusal(
            ConveneWorkTableEndpoint.Decide(ProcessBuilder.AtStage(stage).Build(), [], Command, Guid.NewGuid(), ProcessBuilder.Staff, Now)));
}

public sealed class when_a_work_table_is_named
{
    [Theory]
    [InlineData(1, "Loma Bonita", "Mesa 1. Loma Bonita")]
    [InlineData(1, "Mesa 1 — Loma Bonita", "Mesa 1 — Loma Bonita")] // as the console's form suggests: not «Mesa 1. Mesa 1 — …»
    [InlineData(1, "mesa 1", "mesa 1")]
    [InlineData(1, "Mesa 12 de Sonterra", "Mesa 1. Mesa 12 de Sonterra")] // another number is not its own
    public void its_heading_says_its_number_once(int number, string name, string heading) =>
        Assert.Equal(heading, new WorkTables.WorkTable { Number = number, Name = name }.Heading);
}

public sealed class when_a_participant_is_seated
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt;
    private readonly ProcessBuilder _process = ProcessBuilder.Started();

    private Decision Seat(WorkTableBuilder table, string coloniaId, Guid? participantId = null) =>
        SeatParticipantEndpoint.Decide(_process.Build(), table.Build(), new SeatParticipant(" María Hernández ", coloniaId),
            participantId ?? Guid.NewGuid(), ProcessBuilder.Staff, Now);

    [Fact]
    public void a_resident_of_the_territory_takes_a_seat_with_the_delegacion_of_their_colonia()
    {
        var table = WorkTableBuilder.Convened(_process);
        var participantId = Guid.NewGuid();

        var seated = Decisions.Event<ParticipantSeated>(Seat(table, "rancho-san-pedro-ii", participantId));

        Assert.Equal(new ParticipantSeated(table.Id, _process.Id, participantId, "María Hernández", "rancho-san-pedro-ii",
            QueretaroTerritory.FelipeCarrillo, ProcessBuilder.Staff, Now), seated);
        Assert.Equal(new Participant(participantId, "María Hernández", "rancho-san-pedro-ii", QueretaroTerritory.FelipeCarrillo),
            Assert.Single(table.Then(seated).Build().Participants));
    }

    [Fact]
    public void the_colonia_is_found_whatever_its_case_and_recorded_as_the_territory_spells_it()
    {
        var seated = Decisions.Event<ParticipantSeated>(Seat(WorkTableBuilder.Convened(_process), " Loma-Bonita "));

        Assert.Equal(("loma-bonita", QueretaroTerritory.FelixOsores), (seated.ColoniaId, seated.DelegacionId));
    }

    [Fact]
    public void a_colonia_outside_the_territory_is_unprocessable()
    {
        var decision = Seat(WorkTableBuilder.Convened(_process), "centro-historico");

        Assert.Equal("colonia_outside_territory", Decisions.Refusal(decision));
        Assert.Equal(422, decision.Rejection!.Status);
        Assert.Contains("«centro-historico»", decision.Rejection.Detail);
    }

    [Fact]
    public void the_last_seat_can_be_taken_and_then_the_table_is_full()
    {
        var table = WorkTableBuilder.Convened(_process, capacity: 2).WithParticipants(1);

        var seated = Decisions.Event<ParticipantSeated>(Seat(table, "loma-bonita"));

        Assert.True(table.Then(seated).Build().IsFull);
    }

    [Fact]
    public void a_full_table_seats_nobody_else()
    {
        var table = WorkTableBuilder.Convened(_process, number: 4, capacity: 2).WithParticipants(2);

        var decision = Seat(table, "loma-bonita");

        Assert.Equal("table_full", Decisions.Refusal(decision));
        Assert.Contains("La mesa 4 ya tiene sus 2 lugares ocupados", decision.Rejection!.Detail);
    }

    /// <summary>
    /// Under an Idempotency-Key the seat's id comes from the key (IdempotencyKey.IdFor): a retry finds the person its
    /// first request seated. Eight sends of «Juana Pérez» seated eight Juanas.
    /// </summary>
    [Fact]
    public void the_same_request_seats_once_even_when_the_table_has_filled_meanwhile_and_never_seats_a_voided_seat_again()
    {
        var table = WorkTableBuilder.Convened(_process, capacity: 2).WithParticipants(1);
        var seatId = SeatParticipantEndpoint.SeatId(table.Id, "clave-de-reintento-0001", Now);
        Assert.Equal(seatId, SeatParticipantEndpoint.SeatId(table.Id, " clave-de-reintento-0001 ", Now.AddMinutes(1)));
        Assert.NotEqual(seatId, SeatParticipantEndpoint.SeatId(Guid.NewGuid(), "clave-de-reintento-0001", Now)); // another table's
        Assert.Equal(8, seatId.Version);

        table.Then(Decisions.Event<ParticipantSeated>(Seat(table, "loma-bonita", seatId)));
        Assert.True(table.Build().IsFull);

        var again = Seat(table, " Loma-Bonita ", seatId);
        Assert.True(again.Accepted);
        Assert.Empty(again.Events);
        Assert.Equal("idempotency_key_other_seat", Decisions.Refusal(Seat(table, "rancho-san-pedro-ii", seatId)));
        Assert.Equal("idempotency_key_other_seat", Decisions.Refusal(SeatParticipantEndpoint.Decide(_process.Build(), table.Build(),
            new SeatParticipant("Juana Pérez", "loma-bonita"), seatId, ProcessBuilder.Staff, Now)));

        table.Then(new ParticipantSeatVoided(table.Id, _process.Id, seatId, "María Hernández", "Se sentó dos veces", ProcessBuilder.Staff, Now));
        Assert.Equal("seat_voided", Decisions.Refusal(Seat(table, "loma-bonita", seatId)));
    }

    [Fact]
    public void seats_are_taken_only_at_the_first_table_stage()
    {
        var table = WorkTableBuilder.Convened(_process);
        _process.Advanced(Stage.SecondWorkTable);

        Assert.Equal("wrong_stage", Decisions.Refusal(Seat(table, "loma-bonita")));
    }
}

public sealed class when_a_participant_endorses_a_proposal
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddHours(2);

    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;
    private readonly ProposalBuilder[] _proposals;

    public when_a_participant_endorses_a_proposal()
    {
        _table = WorkTableBuilder.Convened(_process).WithParticipants(3);
        string[] titles = ["Pavimentación de la calle Encino", "Alumbrado del parque", "Cancha de usos múltiples", "Banquetas seguras"];
        _proposals = titles.Select(title => _table.Proposal(1, title)).ToArray();
    }

    private Decision Endorse(int participant, ProposalBuilder? proposal) => Endorse(_table.Participant(participant), proposal);

    private Decision Endorse(Guid participantId, ProposalBuilder? proposal) =>
        EndorseProposalEndpoint.Decide(_process.Build(), _table.Build(), proposal?.Build(), Ranking(),
            new EndorseProposal(participantId, proposal?.Id ?? Guid.NewGuid()), ProcessBuilder.Staff, Now);

    private ProcessRanking Ranking() => ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table], _proposals));

    [Fact]
    public void a_seated_participant_backs_an_active_proposal_of_their_table()
    {
        var endorsed = Decisions.Event<ProposalEndorsed>(Endorse(2, _proposals[0]));

        Assert.Equal(new ProposalEndorsed(_table.Id, _process.Id, _proposals[0].Id, _table.Participant(2), ProcessBuilder.Staff, Now), endorsed);
        _table.Then(endorsed);
        Assert.Equal([_proposals[0].Id], Ranking().BackedBy(_table.Participant(2)));
    }

    [Fact]
    public void someone_not_seated_at_the_table_does_not_endorse()
    {
        var otherTable = WorkTableBuilder.Convened(_process, number: 2).WithParticipants(1);

        Assert.Equal("not_seated", Decisions.Refusal(Endorse(Guid.NewGuid(), _proposals[0])));
        Assert.Equal("not_seated", Decisions.Refusal(Endorse(otherTable.Participant(1), _proposals[0])));
    }

    [Fact]
    public void a_table_backs_only_its_own_proposals()
    {
        var elsewhere = WorkTableBuilder.Convened(_process, number: 2).WithParticipants(1).Proposal(1, "Parque lineal");

        var decision = Endorse(1, elsewhere);

        Assert.Equal("proposal_not_at_table", Decisions.Refusal(decision));
        Assert.Equal(422, decision.Rejection!.Status);
        Assert.Equal("proposal_not_at_table", Decisions.Refusal(Endorse(1, null)));
    }

    [Fact]
    public void a_withdrawn_or_merged_proposal_is_not_endorsed()
    {
        Assert.Equal("proposal_inactive", Decisions.Refusal(Endorse(1, _proposals[0].Withdrawn())));
        Assert.Equal("proposal_inactive", Decisions.Refusal(Endorse(1, _proposals[1].MergedInto(_proposals[2]))));
    }

    [Fact]
    public void a_participant_backs_a_proposal_once()
    {
        _table.WithEndorsement(1, _proposals[0].Id);

        Assert.Equal("already_endorsed", Decisions.Refusal(Endorse(1, _proposals[0])));
    }

    [Fact]
    public void each_participant_backs_at_most_three_proposals()
    {
        Assert.Equal(3, WorkTable.EndorsementsPerParticipant);
        _table.EndorsedBy(_proposals[0].Id, 1).EndorsedBy(_proposals[1].Id, 1);
        _table.Then(Decisions.Event<ProposalEndorsed>(Endorse(1, _proposals[2])));

        var fourth = Endorse(1, _proposals[3]);

        Assert.Equal("endorsements_exhausted", Decisions.Refusal(fourth));
        Assert.Contains("hasta 3 propuestas", fourth.Rejection!.Detail);
    }

    [Fact]
    public void a_withdrawn_proposal_gives_its_endorsement_back()
    {
        _table.EndorsedBy(_proposals[0].Id, 1).EndorsedBy(_proposals[1].Id, 1).EndorsedBy(_proposals[2].Id, 1);
        _proposals[1].Withdrawn();

        var endorsed = Decisions.Event<ProposalEndorsed>(Endorse(1, _proposals[3]));

        Assert.Equal(_proposals[3].Id, endorsed.ProposalId);
        _table.Then(endorsed);
        Assert.Equal([_proposals[0].Id, _proposals[2].Id, _proposals[3].Id], Ranking().BackedBy(_table.Participant(1)));
    }

    [Fact]
    public void backing_a_duplicate_and_the_proposal_it_merged_into_uses_one_endorsement()
    {
        _table.EndorsedBy(_proposals[0].Id, 1).EndorsedBy(_proposals[1].Id, 1).EndorsedBy(_proposals[2].Id, 1);
        _proposals[1].MergedInto(_proposals[0], endorsers: [_table.Participant(1)]);

        Assert.Equal([_proposals[0].Id, _proposals[2].Id], Ranking().BackedBy(_table.Participant(1)));
        Assert.Equal(_proposals[3].Id, Decisions.Event<ProposalEndorsed>(Endorse(1, _proposals[3])).ProposalId);
    }

    [Fact]
    public void backing_a_duplicate_counts_as_backing_the_proposal_it_merged_into()
    {
        _table.EndorsedBy(_proposals[1].Id, 1);
        _proposals[1].MergedInto(_proposals[0], endorsers: [_table.Participant(1)]);

        Assert.Equal("already_endorsed", Decisions.Refusal(Endorse(1, _proposals[0])));
        Assert.Equal([_proposals[0].Id], Ranking().BackedBy(_table.Participant(1)));
    }

    [Fact]
    public void the_limit_is_per_participant()
    {
        _table.EndorsedBy(_proposals[0].Id, 1).EndorsedBy(_proposals[1].Id, 1).EndorsedBy(_proposals[2].Id, 1);

        Assert.Equal(_table.Participant(2), Decisions.Event<ProposalEndorsed>(Endorse(2, _proposals[3])).ParticipantId);
    }

    [Fact]
    public void endorsements_happen_only_at_the_first_table_stage()
    {
        _process.Advanced(Stage.SecondWorkTable);

        Assert.Equal("wrong_stage", Decisions.Refusal(Endorse(1, _proposals[0])));
    }
}

public sealed class when_staff_void_an_endorsement_recorded_by_mistake
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddHours(3);

    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;
    private readonly ProposalBuilder[] _proposals;

    public when_staff_void_an_endorsement_recorded_by_mistake()
    {
        _table = WorkTableBuilder.Convened(_process).WithParticipants(2);
        string[] titles = ["Pavimentación de la calle Encino", "Alumbrado del parque", "Cancha de usos múltiples", "Banquetas seguras"];
        _proposals = titles.Select(title => _table.Proposal(1, title)).ToArray();
    }

    private Decision Void(int participant, ProposalBuilder? proposal, string reason = " Se registró a nombre de otra persona. ") =>
        VoidEndorsementEndpoint.Decide(_process.Build(), _table.Build(), proposal?.Build(), Ranking(),
            new VoidEndorsement(_table.Participant(participant), proposal?.Id ?? Guid.NewGuid(), reason), ProcessBuilder.Staff, Now);

    private Decision Endorse(int participant, ProposalBuilder proposal) =>
        EndorseProposalEndpoint.Decide(_process.Build(), _table.Build(), proposal.Build(), Ranking(),
            new EndorseProposal(_table.Participant(participant), proposal.Id), ProcessBuilder.Staff, Now);

    private ProcessRanking Ranking() => ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table], _proposals));

    [Fact]
    public void the_proposal_loses_it_and_the_participant_gets_it_back_to_give()
    {
        _table.EndorsedBy(_proposals[0].Id, 1).EndorsedBy(_proposals[1].Id, 1).EndorsedBy(_proposals[2].Id, 1).EndorsedBy(_proposals[0].Id, 2);
        Assert.Equal("endorsements_exhausted", Decisions.Refusal(Endorse(1, _proposals[3])));

        var voided = Decisions.Event<EndorsementVoided>(Void(1, _proposals[0]));

        Assert.Equal(new EndorsementVoided(_table.Id, _process.Id, _proposals[0].Id, _table.Participant(1), "Se registró a nombre de otra persona.",
            ProcessBuilder.Staff, Now), voided);
        _table.Then(voided);
        Assert.Equal([_table.Participant(2)], Ranking().Entries.Single(e => e.ProposalId == _proposals[0].Id).Endorsers);
        Assert.Equal([_proposals[1].Id, _proposals[2].Id], Ranking().BackedBy(_table.Participant(1)));
        Assert.Equal(_proposals[3].Id, Decisions.Event<ProposalEndorsed>(Endorse(1, _proposals[3])).ProposalId);
    }

    [Fact]
    public void an_endorsement_that_is_not_there_is_not_voided_twice()
    {
        _table.EndorsedBy(_proposals[0].Id, 1);
        _table.Then(Decisions.Event<EndorsementVoided>(Void(1, _proposals[0])));

        var again = Void(1, _proposals[0]);

        Assert.Equal("not_endorsed", Decisions.Refusal(again));
        Assert.Equal(409, again.Rejection!.Status);
        Assert.Equal("not_endorsed", Decisions.Refusal(Void(2, _proposals[1])));
    }

    [Fact]
    public void backing_that_came_with_a_merged_duplicate_is_voided_on_the_proposal_that_absorbed_it()
    {
        _table.EndorsedBy(_proposals[1].Id, 1);
        _proposals[1].MergedInto(_proposals[0], endorsers: [_table.Participant(1)]);

        Assert.Equal("proposal_inactive", Decisions.Refusal(Void(1, _proposals[1])));
        var voided = Decisions.Event<EndorsementVoided>(Void(1, _proposals[0]));
        // After the merge, as the store orders them (the builder's history puts a table's events before the proposals').
        var ranking = ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table], _proposals).Append(voided));
        Assert.Empty(ranking.BackedBy(_table.Participant(1)));
    }

    [Fact]
    public void backing_carried_by_a_duplicate_merged_into_another_tables_proposal_is_voided_from_the_participants_table()
    {
        var elsewhere = WorkTableBuilder.Convened(_process, number: 2).WithParticipants(1);
        var park = elsewhere.Proposal(1, "Parque lineal");
        _table.EndorsedBy(_proposals[1].Id, 1);
        _proposals[1].MergedInto(park, endorsers: [_table.Participant(1)]);
        var history = ProposalBuilder.History(_process, [_table, elsewhere], [.. _proposals, park]).ToList();
        var ranking = ProposalBuilder.FoldRanking(history);
        Assert.Equal([park.Id], ranking.BackedBy(_table.Participant(1)));

        var voided = Decisions.Event<EndorsementVoided>(VoidEndorsementEndpoint.Decide(_process.Build(), _table.Build(), park.Build(), ranking,
            new VoidEndorsement(_table.Participant(1), park.Id, "Error"), ProcessBuilder.Staff, Now));

        Assert.Equal((_table.Id, park.Id), (voided.TableId, voided.ProposalId));
        Assert.Empty(ProposalBuilder.FoldRanking(history.Append(voided)).BackedBy(_table.Participant(1)));
    }

    [Fact]
    public void only_at_the_first_table_stage_for_someone_seated_and_a_proposal_they_back()
    {
        _table.EndorsedBy(_proposals[0].Id, 1);
        var elsewhere = WorkTableBuilder.Convened(_process, number: 2).WithParticipants(1).Proposal(1, "Parque lineal");

        Assert.Equal("not_endorsed", Decisions.Refusal(Void(1, elsewhere)));
        Assert.Equal("not_endorsed", Decisions.Refusal(Void(1, null)));
        Assert.Equal("not_seated", Decisions.Refusal(VoidEndorsementEndpoint.Decide(_process.Build(), _table.Build(), _proposals[0].Build(), Ranking(),
            new VoidEndorsement(Guid.NewGuid(), _proposals[0].Id, "Error"), ProcessBuilder.Staff, Now)));
        _process.Advanced(Stage.SecondWorkTable);
        Assert.Equal("wrong_stage", Decisions.Refusal(Void(1, _proposals[0])));
    }

    [Fact]
    public void the_reason_is_required_and_bounded()
    {
        var validator = new VoidEndorsementValidator();

        Assert.False(validator.Validate(new VoidEndorsement(Guid.NewGuid(), Guid.NewGuid(), "  ")).IsValid);
        Assert.False(validator.Validate(new VoidEndorsement(Guid.NewGuid(), Guid.NewGuid(), new string('x', 501))).IsValid);
        Assert.False(validator.Validate(new VoidEndorsement(Guid.Empty, Guid.NewGuid(), "Error")).IsValid);
        Assert.True(validator.Validate(new VoidEndorsement(Guid.NewGuid(), Guid.NewGuid(), "Error")).IsValid);
    }
}

public sealed class when_staff_void_a_seat_taken_by_mistake
{
    private static readonly DateTimeOffset Now = WorkTableBuilder.MeetsAt.AddHours(3);

    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;

    public when_staff_void_a_seat_taken_by_mistake() => _table = WorkTableBuilder.Convened(_process, capacity: 2).WithParticipants(2);

    private Decision Void(Guid participantId, IReadOnlyList<string>? presented = null, ProcessRanking? ranking = null) =>
        VoidSeatEndpoint.Decide(_process.Build(), _table.Build(), ranking ?? new ProcessRanking(_process.Id, []), new PresentedProposals(presented ?? []),
            new VoidSeat(participantId, " Se integró en la mesa equivocada. "), ProcessBuilder.Staff, Now);

    [Fact]
    public void the_seat_is_free_again_and_the_table_no_longer_full()
    {
        Assert.True(_table.Build().IsFull);

        var voided = Decisions.Event<ParticipantSeatVoided>(Void(_table.Participant(2)));

        Assert.Equal(new ParticipantSeatVoided(_table.Id, _process.Id, _table.Participant(2), "Participante 2 de la mesa 1",
            "Se integró en la mesa equivocada.", ProcessBuilder.Staff, Now), voided);
        var table = _table.Then(voided).Build();
        Assert.Equal([_table.Participant(1)], table.Participants.Select(p => p.Id));
        Assert.False(table.IsFull);
        // Voided again (a retry after a lost answer): no change, nothing recorded; it said «no integra la mesa».
        var again = Void(_table.Participant(2));
        Assert.True(again.Accepted);
        Assert.Empty(again.Events);
        Assert.Equal("not_seated", Decisions.Refusal(Void(Guid.NewGuid()))); // someone never seated here
    }

    [Fact]
    public void a_person_who_presented_or_backs_a_proposal_keeps_the_seat()
    {
        var proposal = _table.Proposal(1, "Alumbrado del parque");
        _table.EndorsedBy(proposal.Id, 2);
        var ranking = ProposalBuilder.FoldRanking(ProposalBuilder.History(_process, [_table], [proposal]));

        var presented = Void(_table.Participant(1), ["Alumbrado del parque"], ranking);
        var backs = Void(_table.Participant(2), ranking: ranking);

        Assert.Equal("seat_has_proposals", Decisions.Refusal(presented));
        Assert.Contains("«Alumbrado del parque»", presented.Rejection!.Detail);
        Assert.Equal("seat_has_endorsements", Decisions.Refusal(backs));
        Assert.Contains("anule primero sus respaldos", backs.Rejection!.Detail);
    }

    [Fact]
    public void only_at_the_first_table_stage()
    {
        _process.Advanced(Stage.SecondWorkTable);

        Assert.Equal("wrong_stage", Decisions.Refusal(Void(_table.Participant(1))));
    }
}

public sealed class when_staff_read_the_voids_of_a_table
{
    private readonly ProcessBuilder _process = ProcessBuilder.Started();

    [Fact]
    public void each_void_is_listed_in_order_with_its_person_as_seated_its_proposal_and_its_reason()
    {
        var table = WorkTableBuilder.Convened(_process).WithParticipants(2);
        var (proposal, at) = (Guid.NewGuid(), WorkTableBuilder.MeetsAt.AddHours(2));
        table.WithEndorsement(1, proposal)
            .Then(new EndorsementVoided(table.Id, _process.Id, proposal, table.Participant(1), "Era de su vecina.", ProcessBuilder.Staff, at))
            .Then(new ParticipantSeatVoided(table.Id, _process.Id, table.Participant(1), "Participante 1 de la mesa 1", "Mesa equivocada.",
                "Otra persona (otra)", at.AddMinutes(5)));

        var voids = WorkTablePage.VoidingsOf(table.Events, new Dictionary<Guid, string> { [proposal] = "Alumbrado del parque" });

        Assert.Equal([
            new WorkTablePage.Voiding("Respaldo", "Participante 1 de la mesa 1", "Alumbrado del parque", "Era de su vecina.", ProcessBuilder.Staff, at),
            new WorkTablePage.Voiding("Lugar en la mesa", "Participante 1 de la mesa 1", null, "Mesa equivocada.",
                "Otra persona (otra)", at.AddMinutes(5)),
        ], voids);
        Assert.Empty(WorkTablePage.VoidingsOf(WorkTableBuilder.Convened(_process).WithParticipants(1).Events, new Dictionary<Guid, string>()));
    }
}
