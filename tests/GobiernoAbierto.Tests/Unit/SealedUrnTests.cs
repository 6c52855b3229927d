using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using static GobiernoAbierto.Tests.Unit.Submissions;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_ballots_wait_in_the_sealed_urn
{
    private static readonly Guid JornadaId = Guid.Parse("20201018-0000-4000-8000-000000000001");
    private readonly SealedUrn _urn = new(Keys, new VotingTables("t"), mixSize: 3);

    private static SealedBallot Entry(string option = "A", BallotChannel channel = BallotChannel.Online, string? kiosk = null) =>
        new(Guid.NewGuid(), option, channel, kiosk, ReceiptCode.New());

    private static IReadOnlyList<SealedBallot> Entries(int count) => Enumerable.Range(0, count).Select(i => Entry(i % 2 == 0 ? "A" : "B")).ToList();

    [Fact]
    public void a_sealed_ballot_opens_to_exactly_what_was_sealed()
    {
        var atKiosk = Entry("B", BallotChannel.Kiosk, "kiosco-loma-bonita-01");
        var online = Entry();

        Assert.Equal(atKiosk, _urn.Open(JornadaId, atKiosk.Id, _urn.Seal(JornadaId, atKiosk)));
        Assert.Equal(online, _urn.Open(JornadaId, online.Id, _urn.Seal(JornadaId, online)));
    }

    [Fact]
    public void the_ciphertext_shows_neither_the_choice_nor_the_receipt_nor_even_its_length()
    {
        var atKiosk = Entry("B", BallotChannel.Kiosk, "kiosco-con-un-nombre-bastante-largo-para-la-prueba");
        var online = Entry("A");
        var sealedKiosk = _urn.Seal(JornadaId, atKiosk);
        var sealedOnline = _urn.Seal(JornadaId, online);

        Assert.Equal(sealedKiosk.Length, sealedOnline.Length);
        var text = Encoding.Latin1.GetString(sealedKiosk);
        Assert.DoesNotContain(atKiosk.Receipt, text);
        Assert.DoesNotContain("kiosco", text);
        Assert.NotEqual(_urn.Seal(JornadaId, atKiosk), sealedKiosk); // a fresh nonce each time: equal choices do not look equal
    }

    [Fact]
    public void a_changed_byte_or_an_entry_moved_to_another_id_is_detected()
    {
        var entry = Entry("B");
        var sealedEntry = _urn.Seal(JornadaId, entry);
        var changed = sealedEntry.ToArray();
        changed[20] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => _urn.Open(JornadaId, entry.Id, changed));
        Assert.ThrowsAny<CryptographicException>(() => _urn.Open(JornadaId, Guid.NewGuid(), sealedEntry));
        Assert.ThrowsAny<CryptographicException>(() => _urn.Open(JornadaId, entry.Id, sealedEntry[..^1]));
    }

    /// <summary>
    /// A reviewer's: copies of an entry opened like the entry, so the mix put the same ballot in the chain several times,
    /// and their shared receipt showed a database administrator that entry's option. An entry copied from another
    /// Jornada's urn would have done the same there.
    /// </summary>
    [Fact]
    public void an_entry_copied_within_the_urn_or_from_another_jornadas_stops_the_urn_instead_of_being_mixed()
    {
        var entry = Entry("B");
        var sealedEntry = _urn.Seal(JornadaId, entry);
        var copies = new[] { new UrnRow(entry.Id, sealedEntry, null), new UrnRow(entry.Id, sealedEntry, null) };

        var twice = Assert.Throws<SealedUrnAlteredException>(() => _urn.OpenAll(JornadaId, copies));
        Assert.Contains(entry.Id.ToString(), twice.Message);
        Assert.Throws<SealedUrnAlteredException>(() => _urn.OpenAll(Guid.NewGuid(), [copies[0]]));
        Assert.Equal([entry], _urn.OpenAll(JornadaId, [copies[0]]));
    }

    [Fact]
    public void another_server_secret_cannot_open_the_urn()
    {
        var entry = Entry();
        var other = new SealedUrn(new VoterKeys(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), new VotingTables("t"), 3);

        Assert.ThrowsAny<CryptographicException>(() => other.Open(JornadaId, entry.Id, _urn.Seal(JornadaId, entry)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void below_twice_the_mix_size_nothing_leaves_the_urn(int count)
    {
        var urn = Entries(count);

        var (mixed, kept) = Mixing.Choose(urn, 3, closing: false);

        Assert.Empty(mixed);
        Assert.Equal(urn, kept);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(40)]
    public void at_twice_the_mix_size_all_but_the_mix_size_go_into_the_chain(int count)
    {
        var urn = Entries(count);

        var (mixed, kept) = Mixing.Choose(urn, 3, closing: false);

        Assert.Equal(count - 3, mixed.Count);
        Assert.Equal(3, kept.Count);
        Assert.Equal(urn.Select(e => e.Id).Order(), mixed.Concat(kept).Select(e => e.Id).Order());
    }

    [Fact]
    public void which_entries_stay_behind_is_random()
    {
        var urn = Entries(6);
        var keptSets = Enumerable.Range(0, 40)
            .Select(_ => string.Join(',', Mixing.Choose(urn, 3, closing: false).Kept.Select(e => e.Id).Order()))
            .ToHashSet();

        Assert.True(keptSets.Count > 5, $"Only {keptSets.Count} different sets kept in 40 mixes.");
    }

    [Fact]
    public void closing_or_a_mix_size_of_zero_takes_everything()
    {
        var urn = Entries(2);

        Assert.Equal(2, Mixing.Choose(urn, 3, closing: true).Mixed.Count);
        Assert.Equal(2, Mixing.Choose(urn, 0, closing: false).Mixed.Count);
    }

    [Fact]
    public void a_batch_goes_into_the_urn_and_comes_out_with_earlier_entries_once_there_are_enough()
    {
        var jornada = JornadaBuilder.Open().WithOnlineBallots("A").Build();
        var earlier = Entries(4);
        var pending = Enumerable.Range(1, 2).Select(n => Online(jornada, Voter(jornada, n), "B")).ToList();

        var (outcomes, write) = BallotBatch.Decide(jornada, JornadaBuilder.During, pending, new HashSet<string>(), null,
            new Dictionary<string, byte[]>(), ieeqAuthorizesKiosks: true, earlier, mixSize: 3,
            pending.ToDictionary(p => p.VoterKey, p => new StoredCredential(p.CodeVerifier, null)));

        // 4 waiting + 2 new = 6 = 2 × 3: three go into the chain, three stay sealed.
        Assert.Equal(3, write.Ballots.Count);
        Assert.Equal([2L, 3L, 4L], write.Ballots.Select(b => b.Position));
        Assert.Equal(2, write.Participations.Count);
        var receipts = outcomes.Select(ReceiptOf).ToHashSet();
        var newInChain = write.Ballots.Count(b => receipts.Contains(b.Receipt));
        Assert.Equal(2 - newInChain, write.Sealed.Count);                // the new ones that stay
        Assert.Equal(3 - newInChain, write.Unsealed.Count);              // the earlier ones that left
        Assert.All(write.Sealed, s => Assert.Contains(s.Receipt, receipts));
        Assert.All(write.Unsealed, id => Assert.Contains(id, earlier.Select(e => e.Id)));
    }

    [Fact]
    public void closing_mixes_what_is_left_into_the_chain_before_the_seal()
    {
        var jornada = JornadaBuilder.Open().WithOnlineBallots("A", "B").Build();
        var left = new[] { Entry("A"), Entry("A"), Entry("B", BallotChannel.Kiosk, JornadaBuilder.Kiosk1) };

        var events = CloseJornadaEndpoint.Decide(jornada, JornadaBuilder.Staff, JornadaBuilder.Closes, left).Events;

        var mixed = events.OfType<BallotCast>().ToList();
        Assert.Equal([3L, 4L, 5L], mixed.Select(b => b.Position));
        Assert.Equal(left.Select(e => e.Receipt).Order(), mixed.Select(b => b.Receipt).Order());
        var closed = Assert.IsType<JornadaClosed>(events[^1]);
        Assert.Equal(5, closed.Seal.BallotCount);
        Assert.Equal(mixed[^1].Hash, closed.Seal.FinalHash);
        Assert.Equal(3, closed.Seal.Counts["A"]);
        Assert.Equal(2, closed.Seal.Counts["B"]);
    }
}
