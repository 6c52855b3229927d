using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_an_export_is_scanned_fast
{
    private readonly Guid _jornadaId = Guid.NewGuid();
    private readonly List<ExportedBallot> _chain;
    private readonly ExportedSeal _seal;

    public when_an_export_is_scanned_fast()
    {
        _chain = Exported.Chain(_jornadaId, [.. Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? "B" : "A")]);
        _seal = Exported.Seal(_jornadaId, _chain);
    }

    private static string Csv(IEnumerable<ExportedBallot> ballots, string newline = "\n") =>
        string.Join(newline, [AuditRecords.CsvHeader, .. ballots.Select(AuditRecords.ToCsvLine)]) + newline;

    private VerificationReport? Scan(string csv, ExportedSeal? seal = null, string? expected = null, int blockSize = ExportScan.BlockSize) =>
        ExportScan.TryVerify(_jornadaId, new MemoryStream(Encoding.UTF8.GetBytes(csv)), seal ?? _seal, expected, blockSize);

    private VerificationReport Ordinary(string csv, ExportedSeal? seal = null, string? expected = null) =>
        ChainVerifier.Verify(_jornadaId, AuditRecords.ParseCsv(new StringReader(csv)), seal ?? _seal, expected);

    [Fact]
    public void an_intact_export_gives_the_report_of_the_ordinary_check()
    {
        var csv = Csv(_chain);
        var fast = Scan(csv, expected: _seal.FinalHash);
        var ordinary = Ordinary(csv, expected: _seal.FinalHash);

        Assert.NotNull(fast);
        Assert.True(fast.Intact);
        Assert.Equal(ordinary.BallotsChecked, fast.BallotsChecked);
        Assert.Equal(ordinary.FinalHash, fast.FinalHash);
        Assert.Equal(ordinary.Counts, fast.Counts);
        Assert.Contains(_chain, b => b.KioskId is null); // online ballots, written with "-" for their kiosk, are in it
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void lines_split_across_blocks_read_the_same(int blockSize)
    {
        var fast = Scan(Csv(_chain), blockSize: blockSize);
        Assert.NotNull(fast);
        Assert.Equal(60, fast.BallotsChecked);
        Assert.Equal(_seal.FinalHash, fast.FinalHash);
    }

    [Fact]
    public void the_last_line_without_a_newline_is_read()
    {
        var fast = Scan(Csv(_chain).TrimEnd('\n'));
        Assert.NotNull(fast);
        Assert.Equal(60, fast.BallotsChecked);
    }

    public static TheoryData<string> Departures => ["changed option", "removed ballot", "swapped ballots", "inserted ballot",
        "windows line endings", "upper-case hash", "blank line", "leading zero", "byte order mark", "count of the seal",
        "hash noted by IEEQ", "other jornada", "line longer than a block", "no header", "signed position"];

    [Theory]
    [MemberData(nameof(Departures))]
    public void anything_it_does_not_expect_is_left_to_the_ordinary_check(string departure)
    {
        var lines = _chain.Select(AuditRecords.ToCsvLine).ToList();
        ExportedSeal? seal = null;
        string? expected = null;
        var blockSize = ExportScan.BlockSize;
        var header = AuditRecords.CsvHeader;
        var newline = "\n";
        switch (departure)
        {
            case "changed option": lines[9] = Flipped(lines[9]); break;
            case "removed ballot": lines.RemoveAt(20); break;
            case "swapped ballots": (lines[4], lines[5]) = (lines[5], lines[4]); break;
            case "inserted ballot": lines.Insert(30, lines[29]); break;
            case "windows line endings": newline = "\r\n"; break;
            case "upper-case hash": lines[7] = lines[7][..^64] + lines[7][^64..].ToUpperInvariant(); break;
            case "blank line": lines.Insert(12, ""); break;
            case "leading zero": lines[0] = "0" + lines[0]; break;
            case "signed position": lines[0] = "+" + lines[0]; break;
            case "byte order mark": header = "\uFEFF" + header; break;
            case "count of the seal": seal = _seal with { BallotCount = 61 }; break;
            case "hash noted by IEEQ": expected = BallotChain.Genesis; break;
            case "other jornada": seal = _seal with { JornadaId = Guid.NewGuid() }; break;
            case "line longer than a block": blockSize = 100; break;
            case "no header": header = "posicion,opcion"; break;
        }
        var csv = string.Join(newline, [header, .. lines]) + newline;

        Assert.Null(Scan(csv, seal, expected, blockSize));
    }

    /// <summary>
    /// A copy of an urn entry chained anew by the service links and hashes like any ballot, and the close then seals it:
    /// ballots and seal agree. Only the repeated receipt gives it away, which the scan left unchecked (it said intact).
    /// </summary>
    [Fact]
    public void a_ballot_chained_anew_with_a_repeated_receipt_and_a_seal_that_agrees_is_left_to_the_ordinary_check()
    {
        var copy = _chain[20];
        var withCopy = Exported.Rechained(_jornadaId, [.. _chain, copy with { Position = _chain.Count + 1 }], from: _chain.Count);
        var seal = Exported.Seal(_jornadaId, withCopy);
        var csv = Csv(withCopy);

        Assert.Null(Scan(csv, seal, expected: seal.FinalHash));
        Assert.Contains($"repite el recibo {copy.Receipt} de la boleta 21", Ordinary(csv, seal).FirstBreak?.Reason);
    }

    [Fact]
    public void receipts_not_in_the_services_form_are_left_to_the_ordinary_check()
    {
        var lowered = Exported.Rechained(_jornadaId, _chain.Select((b, i) => i == 30 ? b with { Receipt = b.Receipt.ToLowerInvariant() } : b));
        var seal = Exported.Seal(_jornadaId, lowered);

        Assert.Null(Scan(Csv(lowered), seal));
        Assert.True(Ordinary(Csv(lowered), seal).Intact);
    }

    /// <summary>The line with the other option.</summary>
    private static string Flipped(string line)
    {
        var fields = line.Split(',');
        fields[1] = fields[1] == "A" ? "B" : "A";
        return string.Join(',', fields);
    }

    [Fact]
    public void the_ordinary_check_still_names_a_changed_ballot_the_scan_left_to_it()
    {
        var lines = _chain.Select(AuditRecords.ToCsvLine).ToList();
        lines[9] = Flipped(lines[9]);
        var csv = string.Join('\n', [AuditRecords.CsvHeader, .. lines]);

        Assert.Null(Scan(csv));
        Assert.Equal(10, Ordinary(csv).FirstBreak?.Position);
    }
}

public sealed class when_export_lines_are_hashed
{
    [Fact]
    public void the_hash_is_sha256_whatever_the_length()
    {
        var random = new Random(20201129);
        Span<byte> hash = stackalloc byte[32];
        foreach (var length in Enumerable.Range(0, 300).Where(l => l % 7 == 0 || l is 55 or 56 or 63 or 64 or 65 or 119 or 120))
        {
            var data = new byte[length];
            random.NextBytes(data);
            LineHash.Hash(data, hash);
            Assert.Equal(SHA256.HashData(data), hash.ToArray());
        }
    }
}
