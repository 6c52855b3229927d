using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;
using static GobiernoAbierto.Tests.Unit.Submissions;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_batch_of_ballots_is_decided
{
    // Three ballots already in the box, so the batch must continue the count and the chain, not restart them.
    private readonly JornadaBuilder _history = JornadaBuilder.Open().WithOnlineBallots("A", "B", "A");
    private readonly Jornada _jornada;
    private readonly List<PendingBallot> _pending;
    private readonly IReadOnlyList<BallotOutcome> _outcomes;
    private readonly BatchWrite _write;

    public when_a_batch_of_ballots_is_decided()
    {
        _jornada = _history.Build();
        // Submitted in descending voter-key order, so sorted participations can only come from the decision.
        var voters = Enumerable.Range(1, 6).Select(n => Voter(_jornada, n)).OrderDescending(StringComparer.Ordinal).ToList();
        _pending =
        [
            AtKiosk(_jornada, JornadaBuilder.Kiosk1, voters[0], "A", "loma-bonita"),
            AtKiosk(_jornada, JornadaBuilder.Kiosk1, voters[1], "B", "loma-bonita"),
            Online(_jornada, voters[2], "A", "loma-bonita"),
            Online(_jornada, voters[3], "B", "el-paraiso"),
            Online(_jornada, voters[4], "A", "san-pedro-martir"),
            AtKiosk(_jornada, JornadaBuilder.Kiosk1, voters[5], "A", "san-pedro-martir"),
        ];
        (_outcomes, _write) = Decide(_jornada, _pending);
    }

    [Fact]
    public void every_ballot_is_counted_with_its_own_receipt()
    {
        var receipts = _outcomes.Select(ReceiptOf).ToList();
        Assert.Equal(_pending.Count, receipts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(receipts, r => Assert.Matches(ReceiptCode.Pattern(), r));
    }

    [Fact]
    public void each_receipt_is_on_a_ballot_with_the_choice_its_voter_made()
    {
        var ballotByReceipt = _write.Ballots.ToDictionary(b => b.Receipt);
        Assert.Equal(_pending.Count, ballotByReceipt.Count);
        for (var i = 0; i < _pending.Count; i++)
        {
            var ballot = ballotByReceipt[ReceiptOf(_outcomes[i])];
            Assert.Equal(_pending[i].OptionId, ballot.OptionId);
            Assert.Equal(_pending[i].Channel, ballot.Channel);
            Assert.Equal(_pending[i].KioskId, ballot.KioskId);
            Assert.Equal(_jornada.Id, ballot.JornadaId);
        }
    }

    [Fact]
    public void positions_continue_after_the_ballots_already_in_the_box() =>
        Assert.Equal(Enumerable.Range(4, 6).Select(p => (long)p), _write.Ballots.Select(b => b.Position));

    [Fact]
    public void the_chain_continues_from_the_jornada_head_and_every_hash_can_be_recomputed()
    {
        var previous = _jornada.ChainHead;
        Assert.NotEqual(BallotChain.Genesis, previous);
        foreach (var b in _write.Ballots)
        {
            Assert.Equal(previous, b.PreviousHash);
            Assert.Equal(BallotChain.Hash(_jornada.Id, b.Position, b.OptionId, b.Channel.Code(), b.KioskId, b.Receipt, b.PreviousHash), b.Hash);
            previous = b.Hash;
        }
    }

    [Fact]
    public void folding_the_ballots_moves_the_count_the_head_and_the_counts_of_the_jornada()
    {
        var after = JornadaBuilder.Fold(_history.Events.Concat(_write.Ballots));
        Assert.Equal(9, after.BallotCount);
        Assert.Equal(_write.Ballots[^1].Hash, after.ChainHead);
        Assert.Equal(2 + 4, after.Counts["A"]);
        Assert.Equal(1 + 2, after.Counts["B"]);
    }

    [Fact]
    public void participations_are_in_voter_key_order_one_per_counted_voter()
    {
        var keys = _write.Participations.Select(p => p.VoterKey).ToList();
        Assert.Equal(_pending.Select(p => p.VoterKey).Order(StringComparer.Ordinal), keys);
        Assert.Equal(_pending.ToDictionary(p => p.VoterKey, p => p.ColoniaId!), _write.Participations.ToDictionary(p => p.VoterKey, p => p.ColoniaId));
    }

    [Fact]
    public void neither_participations_nor_ballots_can_be_joined_to_each_other()
    {
        Assert.Equal(["ColoniaId", "VoterKey"], typeof(Participation).GetProperties().Select(p => p.Name).Order());
        Assert.DoesNotContain(typeof(BallotCast).GetProperties(), p => p.Name.Contains("Voter", StringComparison.Ordinal)
                                                                        || p.Name.Contains("Colonia", StringComparison.Ordinal)
                                                                        || p.PropertyType == typeof(DateTimeOffset));
    }

    [Fact]
    public void turnout_is_counted_by_colonia_and_by_delegacion()
    {
        var turnout = _write.Turnout!;
        Assert.Equal(_jornada.Id, turnout.JornadaId);
        Assert.Equal(new Dictionary<string, int> { ["el-paraiso"] = 1, ["loma-bonita"] = 3, ["san-pedro-martir"] = 2 }, turnout.ByColonia);
        Assert.Equal(new Dictionary<string, int>
        {
            [QueretaroTerritory.FelipeCarrillo] = 2,
            [QueretaroTerritory.FelixOsores] = 4,
        }, turnout.ByDelegacion);
    }

    [Fact]
    public void nothing_is_kept_for_replays_when_no_idempotency_key_was_sent() =>
        Assert.Empty(_write.IdempotencyRecords);
}

public sealed class when_a_voter_has_already_taken_part
{
    private readonly Jornada _jornada = JornadaBuilder.Open().Build();

    [Fact]
    public void a_voter_who_voted_in_an_earlier_commit_is_refused()
    {
        var earlier = Voter(_jornada, 1);
        var fresh = Voter(_jornada, 2);

        var (outcomes, write) = Decide(_jornada, [Online(_jornada, earlier), Online(_jornada, fresh)], alreadyVoted: [earlier]);

        Assert.Equal(BallotBatch.AlreadyVoted.Code, RefusalOf(outcomes[0]));
        Assert.Equal("already_voted", RefusalOf(outcomes[0]));
        ReceiptOf(outcomes[1]);
        Assert.Equal([fresh], write.Participations.Select(p => p.VoterKey));
        Assert.Single(write.Ballots);
    }

    [Fact]
    public void the_second_ballot_of_one_voter_in_the_same_commit_is_refused_whatever_the_channel()
    {
        var voter = Voter(_jornada, 1);

        var (outcomes, write) = Decide(_jornada,
            [AtKiosk(_jornada, JornadaBuilder.Kiosk1, voter, "A"), Online(_jornada, voter, "B")]);

        var receipt = ReceiptOf(outcomes[0]);
        Assert.Equal("already_voted", RefusalOf(outcomes[1]));
        var ballot = Assert.Single(write.Ballots);
        Assert.Equal(("A", receipt), (ballot.OptionId, ballot.Receipt));
        Assert.Single(write.Participations);
        Assert.Equal(1, write.Turnout!.ByColonia.Values.Sum());
    }

    [Fact]
    public void a_refused_ballot_adds_nothing_to_turnout()
    {
        var voter = Voter(_jornada, 1);

        var (_, write) = Decide(_jornada, [Online(_jornada, voter)], alreadyVoted: [voter]);

        Assert.Empty(write.Ballots);
        Assert.Empty(write.Participations);
        Assert.Null(write.Turnout);
    }
}

public sealed class when_the_jornada_has_a_voter_roll
{
    private readonly Jornada _jornada = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting().WithVoterRoll().Opened().Build();

    [Fact]
    public void a_voter_outside_the_roll_is_refused_and_one_on_it_is_counted()
    {
        var onRoll = Voter(_jornada, 1);
        var outside = Voter(_jornada, 2);

        var (outcomes, write) = Decide(_jornada, [Online(_jornada, outside), Online(_jornada, onRoll)], roll: [onRoll, Voter(_jornada, 3)]);

        Assert.Equal("not_on_voter_roll", RefusalOf(outcomes[0]));
        Assert.Equal(403, BallotBatch.NotOnRoll.Status);
        ReceiptOf(outcomes[1]);
        Assert.Equal([onRoll], write.Participations.Select(p => p.VoterKey));
    }

    [Fact]
    public void without_a_roll_nobody_is_refused_for_not_being_on_one()
    {
        var voters = Enumerable.Range(1, 5).Select(n => Voter(_jornada, n)).ToList();

        var (outcomes, _) = Decide(_jornada, voters.Select(v => Online(_jornada, v)).ToList(), roll: null);

        Assert.All(outcomes, o => Assert.IsType<BallotOutcome.Counted>(o));
    }

    [Fact]
    public void an_empty_roll_refuses_everyone()
    {
        var (outcomes, write) = Decide(_jornada, [Online(_jornada, Voter(_jornada, 1))], roll: []);

        Assert.Equal("not_on_voter_roll", RefusalOf(outcomes[0]));
        Assert.Empty(write.Ballots);
    }
}

public sealed class when_a_batch_arrives_while_the_jornada_is_not_receiving_votes
{
    [Theory]
    [InlineData("preparing", "jornada_not_open")]
    [InlineData("closed", "jornada_closed")]
    [InlineData("certified", "jornada_closed")]
    [InlineData("before the window", "outside_voting_window")]
    [InlineData("after the window", "outside_voting_window")]
    public void every_ballot_is_refused_and_nothing_is_written(string state, string expected)
    {
        var (jornada, now) = state switch
        {
            "preparing" => (JornadaBuilder.Preparing().WithOptions().Build(), JornadaBuilder.During),
            "closed" => (JornadaBuilder.Open().WithOnlineBallots("A").Closed().Build(), JornadaBuilder.During),
            "certified" => (JornadaBuilder.Open().WithOnlineBallots("A").Closed().Certified().Build(), JornadaBuilder.During),
            "before the window" => (JornadaBuilder.Open().Build(), JornadaBuilder.Opens.AddSeconds(-1)),
            _ => (JornadaBuilder.Open().Build(), JornadaBuilder.Closes),
        };
        var pending = Enumerable.Range(1, 4)
            .Select(n => AtKiosk(jornada, JornadaBuilder.Kiosk1, Voter(jornada, n)).WithIdempotencyKey($"retry-key-{n:0000000000}")).ToList();

        var (outcomes, write) = Decide(jornada, pending, now: now);

        Assert.All(outcomes, o => Assert.Equal(expected, RefusalOf(o)));
        Assert.Empty(write.Ballots);
        Assert.Empty(write.Participations);
        Assert.Empty(write.IdempotencyRecords);
        Assert.Null(write.Turnout);
    }

    /// <summary>
    /// A closed Jornada gives back only the receipt of the very ballot a retry repeats (its answer lost at the close:
    /// when_a_submission_is_retried_with_an_idempotency_key); under the same key another choice is refused as closed.
    /// </summary>
    [Fact]
    public void a_closed_jornada_refuses_a_retry_under_a_stored_key_that_is_not_that_ballot()
    {
        var builder = JornadaBuilder.Open();
        var jornada = builder.Build();
        var ballot = Online(jornada, Voter(jornada, 1), "A").WithIdempotencyKey("0f8fad5b-d9cb-469f-a165-70867728950e");
        var (_, first) = Decide(jornada, [ballot]);
        var closed = builder.Then(first.Ballots).Closed().Build();
        var otherChoice = Online(jornada, Voter(jornada, 1), "B").WithIdempotencyKey("0f8fad5b-d9cb-469f-a165-70867728950e");

        var (outcomes, write) = Decide(closed, [otherChoice], alreadyVoted: [ballot.VoterKey], stored: first.IdempotencyRecords);

        Assert.Equal("jornada_closed", RefusalOf(outcomes[0]));
        Assert.Empty(write.Ballots);
    }
}

public sealed class when_a_kiosk_is_closed_while_its_ballots_wait_for_the_commit
{
    [Fact]
    public void its_ballots_are_refused_under_the_lock_and_the_other_channels_still_count()
    {
        // The request path checked the kiosk against its own read of the Jornada; by the commit, staff had closed it.
        var open = JornadaBuilder.Open().WithKiosk(JornadaBuilder.Kiosk2);
        var asRequested = open.Build();
        var pending = new List<PendingBallot>
        {
            AtKiosk(asRequested, JornadaBuilder.Kiosk1, Voter(asRequested, 1)),
            AtKiosk(asRequested, JornadaBuilder.Kiosk2, Voter(asRequested, 2)),
            Online(asRequested, Voter(asRequested, 3)),
        };

        var (outcomes, write) = Decide(open.WithKioskClosed(JornadaBuilder.Kiosk1).Build(), pending);

        Assert.Equal("kiosk_closed", RefusalOf(outcomes[0]));
        Assert.All(outcomes.Skip(1), o => Assert.IsType<BallotOutcome.Counted>(o));
        Assert.Equal(2, write.Participations.Count);
        Assert.DoesNotContain(write.Ballots, b => b.KioskId == JornadaBuilder.Kiosk1);
        Assert.DoesNotContain(write.Participations, p => p.VoterKey == pending[0].VoterKey);
    }
}

public sealed class when_a_ballot_names_an_option_the_locked_jornada_does_not_have
{
    [Fact]
    public void it_is_refused_under_the_lock_whatever_the_request_path_let_through()
    {
        // The request path checks the option against its view of the Jornada; the commit checks it again, as the authority.
        var jornada = JornadaBuilder.Open().Build();
        var pending = new List<PendingBallot> { AtKiosk(jornada, JornadaBuilder.Kiosk1, Voter(jornada, 1), "C"), Online(jornada, Voter(jornada, 2), "B") };

        var (outcomes, write) = Decide(jornada, pending);

        Assert.Equal("unknown_option", RefusalOf(outcomes[0]));
        Assert.IsType<BallotOutcome.Counted>(outcomes[1]);
        Assert.Single(write.Participations);
        Assert.DoesNotContain(write.Ballots, b => b.OptionId == "C");
    }
}

public sealed class when_a_submission_is_retried_with_an_idempotency_key
{
    private const string Key = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private readonly JornadaBuilder _builder = JornadaBuilder.Open();
    private readonly Jornada _jornada;

    public when_a_submission_is_retried_with_an_idempotency_key() => _jornada = _builder.Build();

    [Fact]
    public void a_retry_in_a_later_commit_gets_the_original_receipt_and_no_second_ballot()
    {
        var ballot = Online(_jornada, Voter(_jornada, 1)).WithIdempotencyKey(Key);
        var (firstOutcomes, first) = Decide(_jornada, [ballot]);
        var receipt = ReceiptOf(firstOutcomes[0]);
        var record = Assert.Single(first.IdempotencyRecords);
        Assert.Equal(ballot.IdempotencyLookup, record.Lookup);
        var after = _builder.Then(first.Ballots).Build();

        var (outcomes, write) = Decide(after, [ballot], alreadyVoted: [ballot.VoterKey], stored: first.IdempotencyRecords);

        var replayed = Assert.IsType<BallotOutcome.Replayed>(outcomes[0]);
        Assert.Equal(receipt, replayed.Receipt);
        Assert.Empty(write.Ballots);
        Assert.Empty(write.Participations);
        Assert.Empty(write.IdempotencyRecords);
    }

    [Fact]
    public void the_same_key_sent_for_another_voter_is_refused()
    {
        var (_, first) = Decide(_jornada, [Online(_jornada, Voter(_jornada, 1)).WithIdempotencyKey(Key)]);
        var other = Online(_jornada, Voter(_jornada, 2)).WithIdempotencyKey(Key);
        Assert.Equal(first.IdempotencyRecords[0].Lookup, other.IdempotencyLookup);

        var (outcomes, write) = Decide(_builder.Then(first.Ballots).Build(), [other], stored: first.IdempotencyRecords);

        Assert.Equal("idempotency_key_reused", RefusalOf(outcomes[0]));
        Assert.Equal(422, BallotBatch.IdempotencyKeyReused.Status);
        Assert.Empty(write.Ballots);
    }

    [Fact]
    public void two_submissions_with_one_key_in_the_same_commit_make_one_ballot_and_share_its_receipt()
    {
        var voter = Voter(_jornada, 1);
        var submission = Online(_jornada, voter, "B").WithIdempotencyKey(Key);

        var (outcomes, write) = Decide(_jornada, [submission, Online(_jornada, Voter(_jornada, 2)), submission]);

        var receipt = ReceiptOf(outcomes[0]);
        var follower = Assert.IsType<BallotOutcome.Replayed>(outcomes[2]);
        Assert.Equal(receipt, follower.Receipt);
        Assert.Equal(2, write.Ballots.Count);
        Assert.Single(write.Ballots, b => b.Receipt == receipt);
        Assert.Single(write.Participations, p => p.VoterKey == voter);
        var record = Assert.Single(write.IdempotencyRecords);
        Assert.Equal(receipt, BallotBatch.Unseal(record.SealedReceipt, submission.ReplayKey!)?.Receipt);
    }

    [Fact]
    public void two_voters_with_one_key_in_the_same_commit_the_second_is_refused()
    {
        var first = Online(_jornada, Voter(_jornada, 1)).WithIdempotencyKey(Key);
        var second = Online(_jornada, Voter(_jornada, 2)).WithIdempotencyKey(Key);

        var (outcomes, write) = Decide(_jornada, [first, second]);

        ReceiptOf(outcomes[0]);
        Assert.Equal("idempotency_key_reused", RefusalOf(outcomes[1]));
        Assert.Single(write.Ballots);
    }

    [Fact]
    public void a_retry_of_a_refused_submission_in_the_same_commit_is_refused_the_same_way()
    {
        var voter = Voter(_jornada, 1);
        var submission = Online(_jornada, voter).WithIdempotencyKey(Key);

        var (outcomes, write) = Decide(_jornada, [submission, submission], alreadyVoted: [voter]);

        Assert.Equal("already_voted", RefusalOf(outcomes[0]));
        Assert.Equal("already_voted", RefusalOf(outcomes[1]));
        Assert.Empty(write.IdempotencyRecords);
    }

    [Fact]
    public void the_stored_receipt_is_sealed_so_it_is_readable_only_with_the_replay_key()
    {
        var ballot = Online(_jornada, Voter(_jornada, 1)).WithIdempotencyKey(Key);

        var (outcomes, write) = Decide(_jornada, [ballot]);

        var sealedReceipt = write.IdempotencyRecords[0].SealedReceipt;
        var receipt = ReceiptOf(outcomes[0]);
        Assert.DoesNotContain(receipt, System.Text.Encoding.UTF8.GetString(sealedReceipt), StringComparison.Ordinal);
        Assert.Equal(receipt, BallotBatch.Unseal(sealedReceipt, ballot.ReplayKey!)?.Receipt);
        Assert.Null(BallotBatch.Unseal(sealedReceipt, Keys.ReplayKey(Key, Voter(_jornada, 2))));
    }

    [Theory]
    [InlineData("B", "loma-bonita")]
    [InlineData("A", "el-paraiso")]
    public void a_retry_that_changed_the_option_or_the_colonia_is_refused_not_given_the_first_receipt(string option, string colonia)
    {
        var voter = Voter(_jornada, 1);
        var (_, first) = Decide(_jornada, [Online(_jornada, voter, "A", "loma-bonita").WithIdempotencyKey(Key)]);
        var changed = Online(_jornada, voter, option, colonia).WithIdempotencyKey(Key);

        var (outcomes, write) = Decide(_builder.Then(first.Ballots).Build(), [changed], alreadyVoted: [voter], stored: first.IdempotencyRecords);

        Assert.Equal("idempotency_key_other_ballot", RefusalOf(outcomes[0]));
        Assert.Equal(422, BallotBatch.IdempotencyKeyOtherBallot.Status);
        Assert.Empty(write.Ballots);
        Assert.Empty(write.IdempotencyRecords);
    }

    [Fact]
    public void in_the_same_commit_a_second_submission_with_the_key_and_another_option_is_refused()
    {
        var voter = Voter(_jornada, 1);
        var (outcomes, write) = Decide(_jornada, [Online(_jornada, voter, "A").WithIdempotencyKey(Key), Online(_jornada, voter, "B").WithIdempotencyKey(Key)]);

        ReceiptOf(outcomes[0]);
        Assert.Equal("idempotency_key_other_ballot", RefusalOf(outcomes[1]));
        Assert.Equal("A", Assert.Single(write.Ballots).OptionId);
    }

    [Fact]
    public void a_record_from_before_the_ballot_digest_was_sealed_in_it_still_gives_its_receipt_back()
    {
        var ballot = Online(_jornada, Voter(_jornada, 1)).WithIdempotencyKey(Key);
        var (firstOutcomes, first) = Decide(_jornada, [ballot]);
        var receipt = ReceiptOf(firstOutcomes[0]);
        var earlierFormat = new IdempotencyRecord(ballot.IdempotencyLookup!, SealAsBefore(receipt, ballot.ReplayKey!));

        var (outcomes, _) = Decide(_builder.Then(first.Ballots).Build(), [ballot], alreadyVoted: [ballot.VoterKey], stored: [earlierFormat]);

        Assert.Equal(receipt, Assert.IsType<BallotOutcome.Replayed>(outcomes[0]).Receipt);
    }

    [Fact]
    public void an_online_retry_with_a_wrong_voting_code_gets_no_receipt()
    {
        var voter = Voter(_jornada, 1);
        var ballot = Online(_jornada, voter).WithIdempotencyKey(Key);
        var (_, first) = Decide(_jornada, [ballot]);
        var guessed = ballot with { CodeVerifier = Keys.CodeVerifier(_jornada.Id, voter, "0000000000000000") };

        var (outcomes, write) = Decide(_builder.Then(first.Ballots).Build(), [guessed], alreadyVoted: [voter], stored: first.IdempotencyRecords,
            credentials: new Dictionary<string, StoredCredential> { [voter] = new(CodeVerifier(_jornada, voter), null) });

        Assert.Equal("invalid_voting_credentials", RefusalOf(outcomes[0]));
        Assert.Empty(write.Participations);
        Assert.Empty(write.IdempotencyRecords);
    }

    /// <summary>
    /// A ballot counted in the last seconds whose answer was lost, retried after the close: it was told «no se reciben
    /// más votos» with no receipt, though it counted (an outside tester). The retry gets its receipt; anything else is
    /// refused as closed, a retry that changed its ballot or whose code is wrong too.
    /// </summary>
    [Fact]
    public void a_retry_after_the_close_gets_the_receipt_of_the_ballot_counted_before_it_and_nothing_else_does()
    {
        var voter = Voter(_jornada, 1);
        var ballot = Online(_jornada, voter, "A").WithIdempotencyKey(Key);
        var (firstOutcomes, first) = Decide(_jornada, [ballot]);
        var receipt = ReceiptOf(firstOutcomes[0]);
        var closed = _builder.Then(first.Ballots).Closed().Build();
        var credentials = new Dictionary<string, StoredCredential> { [voter] = new(ballot.CodeVerifier!, null) };

        var (outcomes, write) = Decide(closed, [ballot, Online(_jornada, Voter(_jornada, 2)).WithIdempotencyKey("otra-llave-de-reintento-0001"),
                Online(_jornada, voter, "B").WithIdempotencyKey(Key), ballot with { CodeVerifier = Keys.CodeVerifier(_jornada.Id, voter, "0000000000000000") }],
            alreadyVoted: [voter], stored: first.IdempotencyRecords, credentials: credentials);

        Assert.Equal(receipt, Assert.IsType<BallotOutcome.Replayed>(outcomes[0]).Receipt);
        Assert.All(outcomes.Skip(1), o => Assert.Equal("jornada_closed", RefusalOf(o)));
        Assert.Empty(write.Ballots);
        Assert.Empty(write.Participations);
        Assert.Empty(write.IdempotencyRecords);
    }

    /// <summary>A replay record as the service wrote it before it kept the ballot's digest: the receipt alone, sealed.</summary>
    private static byte[] SealAsBefore(string receipt, byte[] key)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(receipt);
        var output = new byte[12 + plain.Length + 16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new System.Security.Cryptography.AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length));
        return output;
    }
}

public sealed class when_the_ballots_of_a_commit_get_their_positions
{
    [Fact]
    public void the_order_of_submission_does_not_decide_the_position()
    {
        var jornada = JornadaBuilder.Open().Build();
        var colonias = jornada.Territory.Colonias.Take(10).Select(c => c.Id).ToList();
        var positionsOfFirst = new HashSet<long>();

        for (var batch = 0; batch < 1_000; batch++)
        {
            var pending = Enumerable.Range(0, 10)
                .Select(i => Online(jornada, Voter(jornada, batch * 10 + i), i % 2 == 0 ? "A" : "B", colonias[i]))
                .ToList();
            var (outcomes, write) = Decide(jornada, pending);
            var first = ReceiptOf(outcomes[0]);
            positionsOfFirst.Add(write.Ballots.Single(b => b.Receipt == first).Position);
        }

        // A uniform shuffle puts the first ballot at a given position with chance 1/10, so over 1,000 commits the
        // chance that some position 1..10 is never reached is below 10 x 0.9^1000, about 2e-45: not a flaky test.
        Assert.Equal(Enumerable.Range(1, 10).Select(p => (long)p), positionsOfFirst.Order());
    }
}

public sealed class when_a_receipt_is_sealed_for_replay
{
    private static readonly byte[] Key = Keys.ReplayKey("0f8fad5b-d9cb-469f-a165-70867728950e", "voter-key");
    private static readonly string Digest = BallotBatch.BallotDigest(new PendingBallot(Guid.NewGuid(), "voter-key", "loma-bonita", "A",
        BallotChannel.Online, null, null, null));

    [Fact]
    public void unsealing_with_the_same_key_gives_the_receipt_and_the_ballot_digest_back()
    {
        var receipt = ReceiptCode.New();
        Assert.Equal(new BallotBatch.SealedReplay(receipt, Digest), BallotBatch.Unseal(BallotBatch.Seal(receipt, Digest, Key), Key));
    }

    [Fact]
    public void the_layout_is_nonce_ciphertext_and_tag_of_one_length_whatever_the_option_and_colonia()
    {
        Assert.Equal(12 + "ABCD-EFGH-JKMN".Length + 1 + 32 + 16, BallotBatch.Seal("ABCD-EFGH-JKMN", Digest, Key).Length);
        var longColonia = BallotBatch.BallotDigest(new PendingBallot(Guid.NewGuid(), "v", "colonia-con-un-nombre-mucho-mas-largo", "B",
            BallotChannel.Online, null, null, null));
        Assert.Equal(Digest.Length, longColonia.Length);
        Assert.NotEqual(Digest, longColonia);
    }

    [Fact]
    public void sealing_twice_gives_different_bytes() =>
        Assert.NotEqual(BallotBatch.Seal("ABCD-EFGH-JKMN", Digest, Key), BallotBatch.Seal("ABCD-EFGH-JKMN", Digest, Key));

    [Fact]
    public void another_key_unseals_nothing() =>
        Assert.Null(BallotBatch.Unseal(BallotBatch.Seal("ABCD-EFGH-JKMN", Digest, Key), Keys.ReplayKey("another-key-0000", "voter-key")));

    [Fact]
    public void a_changed_byte_unseals_nothing()
    {
        var sealedReceipt = BallotBatch.Seal("ABCD-EFGH-JKMN", Digest, Key);
        sealedReceipt[15] ^= 0x01;
        Assert.Null(BallotBatch.Unseal(sealedReceipt, Key));
    }

    [Fact]
    public void a_record_too_short_to_hold_nonce_and_tag_unseals_nothing() =>
        Assert.Null(BallotBatch.Unseal(new byte[27], Key));
}

public sealed class when_online_ballots_bring_voting_codes
{
    private readonly Jornada _jornada = JornadaBuilder.Open().Build();

    [Fact]
    public void under_the_lock_a_wrong_code_is_refused_a_revoked_one_named_and_a_right_one_counted()
    {
        var (right, wrong, revoked) = (Voter(_jornada, 1), Voter(_jornada, 2), Voter(_jornada, 3));
        var pending = new[] { Online(_jornada, right), Online(_jornada, wrong), Online(_jornada, revoked) };
        var stored = new Dictionary<string, StoredCredential>
        {
            [right] = new(CodeVerifier(_jornada, right), null),
            [wrong] = new("another-code's-verifier", null),
            [revoked] = new("the-new-letter's-verifier", CodeVerifier(_jornada, revoked)),
        };

        var (outcomes, write) = Decide(_jornada, pending, credentials: stored);

        Assert.IsType<BallotOutcome.Counted>(outcomes[0]);
        Assert.Equal("invalid_voting_credentials", RefusalOf(outcomes[1]));
        Assert.Equal("voting_code_revoked", RefusalOf(outcomes[2]));
        Assert.Equal(right, Assert.Single(write.Participations).VoterKey);
    }

    [Fact]
    public void an_identifier_with_no_code_gets_the_same_answer_as_a_wrong_code()
    {
        var invented = Voter(_jornada, 99);
        var (outcomes, write) = Decide(_jornada, [Online(_jornada, invented)], credentials: new Dictionary<string, StoredCredential>());

        Assert.Equal("invalid_voting_credentials", RefusalOf(outcomes[0]));
        Assert.Empty(write.Participations);
    }
}
