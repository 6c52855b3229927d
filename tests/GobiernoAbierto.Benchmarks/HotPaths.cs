using BenchmarkDotNet.Attributes;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Benchmarks;

/// <summary>The CPU side of a group commit: deciding and chaining 500 ballots, and one chain hash.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class HotPaths
{
    private Jornada _jornada = null!;
    private PendingBallot[] _pending = null!;
    private readonly HashSet<string> _none = [];
    private readonly Dictionary<string, byte[]> _noReplays = [];

    [GlobalSetup]
    public void Setup()
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var t = QueretaroTerritory.Plan2020;
        _jornada = Jornada.Create(new JornadaCreated(id, "bench", now.AddHours(-1), now.AddHours(1), VoterIdKind.ClaveElector,
                t.Delegaciones, t.Colonias, null, "bench", now))
            .Apply(new BallotOptionsSet(id, [new("A", "a", "a", 1), new("B", "b", "b", 1)], "staff", "bench", now))
            .Apply(new JornadaOpened(id, "bench", now));
        _pending = Enumerable.Range(0, 500).Select(i => new PendingBallot(id, $"key{i:D6}", "loma-bonita", QueretaroTerritory.FelixOsores,
            i % 2 == 0 ? "A" : "B", BallotChannel.Online, null, null, null)).ToArray();
    }

    [Benchmark]
    public int DecideBatchOf500() => BallotBatch.Decide(_jornada, DateTimeOffset.UtcNow, _pending, _none, null, _noReplays).Write.Ballots.Count;

    [Benchmark]
    public string ChainHash() => BallotChain.Hash(_jornada.Id, 12345, "A", "kiosk", "kiosco-1", "7K3M-Q9XA-2BFD", BallotChain.Genesis);
}
