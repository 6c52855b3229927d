using BenchmarkDotNet.Attributes;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Benchmarks;

/// <summary>
/// The CPU side of a group commit: deciding and chaining 500 ballots, one chain hash, and what a commit of about 50
/// ballots seals and opens under the Jornada's lock (urn entries in and out, participation notes); and the keyed
/// hashes each ballot's request makes.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class HotPaths
{
    private Jornada _jornada = null!;
    private PendingBallot[] _pending = null!;
    private readonly HashSet<string> _none = [];
    private readonly Dictionary<string, byte[]> _noReplays = [];
    private VoterKeys _keys = null!;
    private SealedUrn _urn = null!;
    private ParticipationNotes _notes = null!;
    private SealedBallot[] _entries = null!;
    private IReadOnlyList<UrnRow> _sealedRows = null!;

    [GlobalSetup]
    public void Setup()
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var t = QueretaroTerritory.Plan2020;
        _jornada = Jornada.Create(new JornadaCreated(id, "bench", now.AddHours(-1), now.AddHours(1), VoterIdKind.ClaveElector,
                t.Delegaciones, t.Colonias, null, "bench", now))
            .Apply(new BallotOptionsSet(id, [new("A", "a", "a", 1), new("B", "b", "b", 1)], "staff", "bench", now))
            .Apply(new KioskRegistered(id, "kiosco-1", "Kiosco", "Delegación", "hash", "bench", now))
            .Apply(new JornadaOpened(id, "bench", now));
        _pending = Enumerable.Range(0, 500).Select(i => new PendingBallot(id, $"key{i:D6}", "loma-bonita",
            i % 2 == 0 ? "A" : "B", BallotChannel.Kiosk, "kiosco-1", null, null)).ToArray();

        var keys = _keys = new VoterKeys(new byte[32]);
        _urn = new SealedUrn(keys, new VotingTables("bench"), 25);
        _notes = new ParticipationNotes(keys);
        _entries = Enumerable.Range(0, 50).Select(_ => new SealedBallot(Guid.NewGuid(), "A", BallotChannel.Kiosk, "kiosco-1", ReceiptCode.New())).ToArray();
        _sealedRows = _urn.After(_jornada.Id, [], _entries, [])!;
    }

    /// <summary>The keyed hashes one ballot's request takes (voter key, idempotency lookup, replay key), fifty times.</summary>
    [Benchmark]
    public int RequestKeysOf50()
    {
        var n = 0;
        for (var i = 0; i < 50; i++)
        {
            var voterKey = _keys.VoterKey(_jornada.Id, _pending[i].VoterKey);
            n += voterKey.Length + _keys.IdempotencyLookup(_jornada.Id, "kiosco-1", "a2a5c1b4-6f0e-4f55-9d0e-1f0b8f6b1c3d").Length
                 + _keys.ReplayKey("a2a5c1b4-6f0e-4f55-9d0e-1f0b8f6b1c3d", voterKey).Length;
        }
        return n;
    }

    [Benchmark]
    public int SealAndOpenUrnOf50() => _urn.After(_jornada.Id, [], _entries, [])!.Count + _urn.OpenAll(_jornada.Id, _sealedRows).Count;

    [Benchmark]
    public int SealNotesOf50() => _notes.SealAll(_jornada.Id, _pending.Take(50).Select(p => (p.VoterKey, p.Channel, DateOnly.MinValue))).Count;

    [Benchmark]
    public int DecideBatchOf500() => BallotBatch.Decide(_jornada, DateTimeOffset.UtcNow, _pending, _none, null, _noReplays, ieeqAuthorizesKiosks: true).Write.Ballots.Count;

    [Benchmark]
    public string ChainHash() => BallotChain.Hash(_jornada.Id, 12345, "A", "kiosk", "kiosco-1", "7K3M-Q9XA-2BFD", BallotChain.Genesis);
}
