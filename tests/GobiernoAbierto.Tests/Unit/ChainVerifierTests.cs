using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using static GobiernoAbierto.Tests.Unit.Submissions;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>An exported chain (ballots.csv rows) and its seal, built as the export writes them.</summary>
internal static class Exported
{
    public static List<ExportedBallot> Chain(Guid jornadaId, params string[] options)
    {
        var chain = new List<ExportedBallot>();
        var previous = BallotChain.Genesis;
        for (var i = 0; i < options.Length; i++)
        {
            var position = i + 1L;
            var (channel, kiosk) = i % 3 == 0 ? ("online", (string?)null) : ("kiosk", $"kiosco-{i % 2 + 1}");
            var receipt = ReceiptCode.New();
            var hash = BallotChain.Hash(jornadaId, position, options[i], channel, kiosk, receipt, previous);
            chain.Add(new ExportedBallot(position, options[i], channel, kiosk, receipt, previous, hash));
            previous = hash;
        }
        return chain;
    }

    public static ExportedSeal Seal(Guid jornadaId, IReadOnlyList<ExportedBallot> ballots) => new(jornadaId, JornadaBuilder.Title,
        ballots.Count, ballots.Count == 0 ? BallotChain.Genesis : ballots[^1].Hash,
        new SortedDictionary<string, long>(new[] { "A", "B" }.ToDictionary(o => o, o => (long)ballots.Count(b => b.OptionId == o)), StringComparer.Ordinal),
        JornadaBuilder.Closes, JornadaBuilder.Staff, AuditRecords.Encoding);

    public static ExportedBallot From(BallotCast b) =>
        new(b.Position, b.OptionId, b.Channel.Code(), b.KioskId, b.Receipt, b.PreviousHash, b.Hash);

    /// <summary>Re-links every ballot from <paramref name="from"/> on, as someone rewriting the chain would.</summary>
    public static List<ExportedBallot> Rechained(Guid jornadaId, IEnumerable<ExportedBallot> ballots, int from = 0)
    {
        var result = new List<ExportedBallot>();
        var previous = BallotChain.Genesis;
        foreach (var (b, i) in ballots.Select((b, i) => (b, i)))
        {
            var relinked = i < from ? b : b with
            {
                PreviousHash = previous,
                Hash = BallotChain.Hash(jornadaId, b.Position, b.OptionId, b.Channel, b.KioskId, b.Receipt, previous),
            };
            result.Add(relinked);
            previous = relinked.Hash;
        }
        return result;
    }
}

public sealed class when_an_intact_chain_is_verified
{
    private readonly Guid _jornadaId = Guid.NewGuid();

    [Fact]
    public void it_is_intact_and_matches_the_seal()
    {
        var chain = Exported.Chain(_jornadaId, "A", "B", "A", "A", "B", "A");
        var seal = Exported.Seal(_jornadaId, chain);

        var report = ChainVerifier.Verify(_jornadaId, chain, seal, expectedFinalHash: seal.FinalHash);

        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(6, report.BallotsChecked);
        Assert.Equal(seal.FinalHash, report.FinalHash);
        Assert.Equal(new Dictionary<string, long> { ["A"] = 4, ["B"] = 2 }, report.Counts);
    }

    [Fact]
    public void the_expected_seal_may_be_typed_in_upper_case_with_surrounding_spaces()
    {
        var chain = Exported.Chain(_jornadaId, "A", "B");
        var seal = Exported.Seal(_jornadaId, chain);

        Assert.True(ChainVerifier.Verify(_jornadaId, chain, seal, $"  {seal.FinalHash.ToUpperInvariant()}\n").Intact);
    }

    [Fact]
    public void an_empty_chain_with_a_zero_ballot_seal_is_intact()
    {
        var seal = Exported.Seal(_jornadaId, []);

        var report = ChainVerifier.Verify(_jornadaId, [], seal, BallotChain.Genesis);

        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(0, report.BallotsChecked);
        Assert.Equal(BallotChain.Genesis, report.FinalHash);
    }

    [Fact]
    public void without_a_seal_only_the_chain_is_checked()
    {
        var report = ChainVerifier.Verify(_jornadaId, Exported.Chain(_jornadaId, "A", "B", "B"), seal: null);

        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(2, report.Counts["B"]);
    }

    [Fact]
    public void a_chain_written_by_group_commits_sealed_at_closing_and_exported_as_csv_verifies()
    {
        var builder = JornadaBuilder.Open();
        foreach (var batch in Enumerable.Range(0, 3))
        {
            var jornada = builder.Build();
            var pending = Enumerable.Range(batch * 7, 7)
                .Select(n => n % 2 == 0
                    ? AtKiosk(jornada, JornadaBuilder.Kiosk1, Voter(jornada, n), n % 3 == 0 ? "B" : "A")
                    : Online(jornada, Voter(jornada, n), "A", "san-pedro-martir"))
                .ToList();
            var (_, write) = Decide(jornada, pending);
            builder.Then(write.Ballots);
        }
        var open = builder.Build();
        var closed = Assert.IsType<JornadaClosed>(Assert.Single(CloseJornadaEndpoint.Decide(open, JornadaBuilder.Staff, JornadaBuilder.Closes).Events));
        var seal = new ExportedSeal(open.Id, open.Title, closed.Seal.BallotCount, closed.Seal.FinalHash, closed.Seal.Counts,
            closed.ClosedAt, closed.ClosedBy, AuditRecords.Encoding);
        var csv = string.Join('\n', [AuditRecords.CsvHeader, .. builder.Ballots.Select(Exported.From).Select(AuditRecords.ToCsvLine)]);

        var report = ChainVerifier.Verify(open.Id, AuditRecords.ParseCsv(new StringReader(csv)), seal, closed.Seal.FinalHash);

        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(21, report.BallotsChecked);
        Assert.Equal(closed.Seal.Counts, report.Counts);
    }
}

public sealed class when_a_tampered_chain_is_verified
{
    private readonly Guid _jornadaId = Guid.NewGuid();
    private readonly List<ExportedBallot> _chain;
    private readonly ExportedSeal _seal;

    public when_a_tampered_chain_is_verified()
    {
        _chain = Exported.Chain(_jornadaId, "A", "B", "A", "B", "A", "A");
        _seal = Exported.Seal(_jornadaId, _chain);
    }

    private VerificationReport Verify(IEnumerable<ExportedBallot> chain, ExportedSeal? seal = null, string? expected = null) =>
        ChainVerifier.Verify(_jornadaId, chain, seal ?? _seal, expected);

    [Fact]
    public void a_ballot_whose_option_was_changed_is_named_at_its_position()
    {
        var tampered = _chain.ToList();
        tampered[2] = tampered[2] with { OptionId = "B" };

        var report = Verify(tampered);

        var broken = Assert.IsType<ChainBreak>(report.FirstBreak);
        Assert.Equal((3L, 3L, _chain[2].Receipt), (broken.Row, broken.Position, broken.Receipt));
        Assert.Contains("boleta 3", broken.Reason, StringComparison.Ordinal);
        Assert.Contains("alterada", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_changed_ballot_whose_hash_was_recomputed_breaks_the_link_of_the_next_one()
    {
        var tampered = _chain.ToList();
        tampered[2] = Exported.Rechained(_jornadaId, [.. tampered[..2], tampered[2] with { OptionId = "B" }], from: 2)[2];

        var broken = Verify(tampered).FirstBreak!;

        Assert.Equal(4, broken.Position);
        Assert.Contains("no se encadena", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_ballot_removed_from_the_middle_names_the_missing_position()
    {
        var tampered = _chain.Where(b => b.Position != 3).ToList();

        var broken = Verify(tampered).FirstBreak!;

        Assert.Equal(3, broken.Row);
        Assert.Equal(4, broken.Position); // the ballot found where ballot 3 should be
        Assert.Contains("Falta la boleta 3", broken.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// The IEEQ's tester swapped two rows of the export and was told a ballot had been removed, though every ballot was
    /// still in the file. A removal and a reordering are both a file the service did not hand out, but an auditor acts on
    /// which it was (looks for a ballot missing from the count, or for who edited the file).
    /// </summary>
    [Fact]
    public void ballots_moved_within_the_file_are_told_as_moved_not_as_removed()
    {
        List<ExportedBallot> swapped = [_chain[0], _chain[3], _chain[2], _chain[1], .. _chain[4..]];

        var broken = Verify(swapped).FirstBreak!;

        Assert.Equal((2L, 4L), (broken.Row, broken.Position!.Value));
        Assert.Equal("Las filas están fuera de orden: en la fila 2 va la boleta 2 y está la 4; la boleta 2 aparece más adelante, en la " +
                     "fila 4. Se movieron boletas dentro del archivo: no es el que entregó el servicio.", broken.Reason);
        Assert.DoesNotContain("eliminó", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_ballot_missing_from_the_database_read_is_still_told_as_removed()
    {
        var ballots = _chain.Where(b => b.Position != 2).ToAsyncEnumerable();

        var broken = (await ChainVerifier.VerifyAsync(_jornadaId, ballots, Exported.Seal(_jornadaId, _chain))).FirstBreak!;

        Assert.Equal((2L, 3L), (broken.Row, broken.Position!.Value));
        Assert.Contains("Falta la boleta 2: la fila 2 trae la posición 3. Se eliminó al menos una boleta.", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_removed_ballot_with_the_rest_renumbered_and_rechained_is_caught_by_the_seal()
    {
        var renumbered = _chain.Where(b => b.Position != 3).Select((b, i) => b with { Position = i + 1 });
        var tampered = Exported.Rechained(_jornadaId, renumbered, from: 2);

        var broken = Verify(tampered).FirstBreak!;

        Assert.Equal(6, broken.Position);
        Assert.Contains("falta la boleta 6", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void an_inserted_ballot_repeating_a_position_is_named()
    {
        var intruder = _chain[1] with { Receipt = ReceiptCode.New() };
        var tampered = _chain.ToList();
        tampered.Insert(2, intruder);

        var broken = Verify(tampered).FirstBreak!;

        Assert.Equal((3L, 2L, intruder.Receipt), (broken.Row, broken.Position, broken.Receipt));
        Assert.Contains("La posición 2 aparece otra vez", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_chain_longer_than_the_seal_names_the_first_ballot_after_it()
    {
        var sealedEarly = Exported.Seal(_jornadaId, _chain[..4]);

        var report = Verify(_chain, sealedEarly);

        var broken = report.FirstBreak!;
        Assert.Equal(5, broken.Position);
        Assert.Contains("boleta 5 en adelante", broken.Reason, StringComparison.Ordinal);
        Assert.Equal(6, report.BallotsChecked);
    }

    [Fact]
    public void a_chain_shorter_than_the_seal_names_the_first_missing_ballot()
    {
        var broken = Verify(_chain[..4]).FirstBreak!;

        Assert.Equal(5, broken.Position);
        Assert.Contains("falta la boleta 5", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_chain_and_seal_rebuilt_together_are_caught_by_the_hash_the_ieeq_wrote_down()
    {
        var rebuilt = Exported.Rechained(_jornadaId, _chain.Select(b => b.Position == 2 ? b with { OptionId = "A" } : b), from: 1);
        var rebuiltSeal = Exported.Seal(_jornadaId, rebuilt);
        Assert.True(Verify(rebuilt, rebuiltSeal).Intact);

        var broken = Verify(rebuilt, rebuiltSeal, expected: _seal.FinalHash).FirstBreak!;

        Assert.Contains(_seal.FinalHash, broken.Reason, StringComparison.Ordinal);
        Assert.Contains(rebuiltSeal.FinalHash, broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_final_hash_that_differs_from_the_seal_is_reported()
    {
        var broken = Verify(_chain, _seal with { FinalHash = _chain[4].Hash }).FirstBreak!;

        Assert.Contains(_seal.FinalHash, broken.Reason, StringComparison.Ordinal); // the recomputed one
        Assert.Contains(_chain[4].Hash, broken.Reason, StringComparison.Ordinal);  // the sealed one
    }

    [Fact]
    public void counts_that_differ_from_the_seal_are_reported()
    {
        var swapped = _seal with { Counts = new Dictionary<string, long> { ["A"] = 2, ["B"] = 4 } };

        var broken = Verify(_chain, swapped).FirstBreak!;

        Assert.Null(broken.Position);
        Assert.Contains("opción A", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_ballot_for_an_option_not_on_the_sealed_ballot_is_named()
    {
        var tampered = Exported.Rechained(_jornadaId, _chain.Select(b => b.Position == 4 ? b with { OptionId = "C" } : b), from: 3);

        var broken = Verify(tampered).FirstBreak!;

        Assert.Equal(4, broken.Position);
        Assert.Contains("«C»", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void the_seal_of_another_jornada_is_refused()
    {
        var broken = Verify(_chain, _seal with { JornadaId = Guid.NewGuid() }).FirstBreak!;

        Assert.Contains("otra Jornada", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void the_chain_of_another_jornada_does_not_verify_under_this_one()
    {
        var report = ChainVerifier.Verify(Guid.NewGuid(), _chain, seal: null);

        Assert.Equal(1, report.FirstBreak?.Position);
    }

    [Fact]
    public void two_ballots_changed_at_the_start_are_altered_however_much_they_fail_like_another_jornadas()
    {
        // Both fail their hash, linked as the file says: what another Jornada's ballots look like under this seal too.
        var changed = _chain.Select(b => b.Position <= 2 ? b with { OptionId = b.OptionId == "A" ? "B" : "A" } : b).ToList();

        var broken = Verify(changed).FirstBreak!;

        Assert.Equal(1, broken.Position);
        Assert.Contains("fue alterada", broken.Reason, StringComparison.Ordinal);
    }
}

public sealed class when_ballots_csv_is_read_and_written
{
    private static readonly Guid JornadaId = Guid.NewGuid();
    private static readonly List<ExportedBallot> Chain = Exported.Chain(JornadaId, "A", "B", "A", "B");

    private static string Csv(params string[] lines) => string.Join('\n', [AuditRecords.CsvHeader, .. lines]);

    [Fact]
    public void a_written_file_reads_back_to_the_same_ballots()
    {
        Assert.Contains(Chain, b => b.KioskId is null);
        Assert.Contains(Chain, b => b.KioskId is not null);

        var read = AuditRecords.ParseCsv(new StringReader(Csv([.. Chain.Select(AuditRecords.ToCsvLine)]))).ToList();

        Assert.Equal(Chain, read);
    }

    [Fact]
    public void an_online_ballot_is_written_with_a_hyphen_for_its_kiosk()
    {
        var online = Chain.First(b => b.KioskId is null);
        Assert.Equal($"{online.Position},{online.OptionId},online,-,{online.Receipt},{online.PreviousHash},{online.Hash}",
            AuditRecords.ToCsvLine(online));
    }

    [Fact]
    public void windows_line_endings_and_blank_lines_are_tolerated()
    {
        var text = string.Join("\r\n", [AuditRecords.CsvHeader, AuditRecords.ToCsvLine(Chain[0]), "", AuditRecords.ToCsvLine(Chain[1])]) + "\r\n";

        Assert.Equal(Chain[..2], AuditRecords.ParseCsv(new StringReader(text)));
    }

    /// <summary>
    /// A line of other columns is read as a finding that names its line, and the chain breaks there (exit 1), as the shell
    /// finds it: before, it was an error (exit 2, the file could not be checked) while the shell called the export altered.
    /// </summary>
    [Fact]
    public void a_line_of_other_columns_is_read_as_not_the_services_naming_its_line()
    {
        var text = Csv(AuditRecords.ToCsvLine(Chain[0]), AuditRecords.ToCsvLine(Chain[1]), "3,A,online,-,RECEIPT,hash-missing");

        var read = AuditRecords.ParseCsv(new StringReader(text)).ToList();

        Assert.Equal(Chain[..2], read[..2]);
        Assert.Equal("La línea 4 del archivo de boletas no tiene las 7 columnas que escribe el servicio: no es el archivo que entregó el servicio.",
            read[2].NotCanonical);
        var broken = ChainVerifier.Verify(JornadaId, read, seal: null).FirstBreak!;
        Assert.Equal((3L, null as long?, null as string), (broken.Row, broken.Position, broken.Receipt));
        Assert.Equal(read[2].NotCanonical, broken.Reason);
    }

    [Fact]
    public void blank_lines_still_count_for_the_line_number()
    {
        var text = Csv(AuditRecords.ToCsvLine(Chain[0]), "", "", "x,A,online,-,R,p,h,extra");

        Assert.StartsWith("La línea 5 del archivo de boletas no tiene las 7 columnas",
            AuditRecords.ParseCsv(new StringReader(text)).Last().NotCanonical);
        Assert.StartsWith("La línea 5 del archivo de boletas escribe la posición de la boleta como «x»",
            AuditRecords.ParseCsv(new StringReader(Csv(AuditRecords.ToCsvLine(Chain[0]), "", "", "x,A,online,-,R,p,h"))).Last().NotCanonical);
    }

    [Fact]
    public void an_extra_column_is_not_the_services() =>
        Assert.StartsWith("La línea 2 del archivo de boletas no tiene las 7 columnas",
            Assert.Single(AuditRecords.ParseCsv(new StringReader(Csv("1,A,online,-,R,p,h,extra")))).NotCanonical);

    /// <summary>
    /// A hash in capitals is not the text the next line's hash was taken over: before, verify compared hashes case-blind
    /// and called such a file intact, while the shell, which hashes the text as written, called it altered (ExportHashes).
    /// </summary>
    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void a_hash_in_capitals_is_read_as_not_the_services(int column)
    {
        var fields = AuditRecords.ToCsvLine(Chain[1]).Split(',');
        fields[column] = fields[column].ToUpperInvariant();
        var read = AuditRecords.ParseCsv(new StringReader(Csv(AuditRecords.ToCsvLine(Chain[0]), string.Join(',', fields)))).ToList();

        Assert.Null(read[0].NotCanonical);
        Assert.Equal($"La línea 3 del archivo de boletas escribe un hash con mayúsculas: {ExportHashes.Rule}. No es el archivo que entregó el servicio.",
            read[1].NotCanonical);
    }

    /// <summary>
    /// Read, and named as not what the service writes (ExportNumbers), so the chain breaks at its line: before, «01» was
    /// read as 1 and held, and «-1» or « 1» could not be checked (exit 2), while the shell called all of them altered.
    /// </summary>
    [Theory]
    [InlineData("-1,A,online,-,R,p,h")]
    [InlineData(" 1,A,online,-,R,p,h")]
    [InlineData("01,A,online,-,R,p,h")]
    [InlineData("1.0,A,online,-,R,p,h")]
    public void a_position_that_is_not_a_plain_number_is_read_as_not_the_services(string line)
    {
        var ballot = Assert.Single(AuditRecords.ParseCsv(new StringReader(Csv(line))));

        Assert.Equal($"La línea 2 del archivo de boletas escribe la posición de la boleta como «{line.Split(',')[0]}»: {ExportNumbers.Rule}. " +
                     "No es el archivo que entregó el servicio.", ballot.NotCanonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("position,option,channel,kiosk,receipt,hash")]
    public void a_file_without_the_header_is_an_error(string text) =>
        Assert.Throws<FormatException>(() => AuditRecords.ParseCsv(new StringReader(text)).ToList());
}

public sealed class when_the_verify_command_reads_a_seal
{
    [Theory]
    [InlineData("""{"jornadaId":"7d3c1f0e-0000-4000-8000-000000000001","finalHash":"00","ballotCount":1,"counts":null}""")]
    [InlineData("""{"jornadaId":"7d3c1f0e-0000-4000-8000-000000000001","finalHash":"00","counts":{"A":1}}""")]
    [InlineData("""{"jornadaId":"7d3c1f0e-0000-4000-8000-000000000001","finalHash":"00","ballotCount":1,"counts":{"A":"uno"}}""")]
    [InlineData("""[]""")]
    public async Task one_short_of_what_the_check_needs_is_refused_in_spanish_not_with_a_stack(string sealJson)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-sello-").FullName;
        var ballots = Path.Combine(folder, "boletas.csv");
        var seal = Path.Combine(folder, "sello.json");
        await File.WriteAllTextAsync(ballots, AuditRecords.CsvHeader + "\n");
        await File.WriteAllTextAsync(seal, sealJson);
        var output = new StringWriter();

        Assert.Equal(2, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", seal], output, output));
        Assert.Contains("El sello no tiene jornadaId, finalHash, ballotCount y counts", output.ToString());
    }

    /// <summary>A seal whose hashes or Jornada id are in capitals is read, and named as not the one the service wrote (ExportHashes), as the shell and the page name it.</summary>
    [Theory]
    [InlineData("jornadaId")]
    [InlineData("finalHash")]
    [InlineData("recordHash")]
    public void a_hash_or_its_jornada_in_capitals_is_named_as_not_the_services(string field)
    {
        const string Hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        static string Seal(string? capitals) =>
            $$"""{"jornadaId":"{{(capitals == "jornadaId" ? "7D3C1F0E-0000-4000-8000-00000000000A" : "7d3c1f0e-0000-4000-8000-00000000000a")}}","ballotCount":1,"finalHash":"{{(capitals == "finalHash" ? Hash.ToUpperInvariant() : Hash)}}","counts":{"A":1},"recordHash":"{{(capitals == "recordHash" ? Hash.ToUpperInvariant() : Hash)}}"}""";

        Assert.Equal($"El sello (sello.json) escribe «{field}» con mayúsculas: {ExportHashes.Rule}. No es el sello que entregó el servicio.",
            VerifyCommand.ReadSeal(Seal(field)).NotCanonical);
        Assert.Null(VerifyCommand.ReadSeal(Seal(null)).NotCanonical);
    }
}

public sealed class when_the_verify_command_is_given_the_wrong_thing : IDisposable
{
    private readonly Guid _jornadaId = Guid.NewGuid();
    private readonly string _folder = Directory.CreateTempSubdirectory("verify-").FullName;
    private readonly string _ballots;
    private readonly string _seal;

    public when_the_verify_command_is_given_the_wrong_thing()
    {
        var chain = Exported.Chain(_jornadaId, "A", "B", "A");
        _ballots = Path.Combine(_folder, "boletas.csv");
        _seal = Path.Combine(_folder, "sello.json");
        File.WriteAllText(_ballots, string.Join('\n', [AuditRecords.CsvHeader, .. chain.Select(AuditRecords.ToCsvLine)]) + "\n");
        File.WriteAllText(_seal, System.Text.Json.JsonSerializer.Serialize(Exported.Seal(_jornadaId, chain), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await VerifyCommand.RunAsync(args, output, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task the_intact_export_it_is_given_passes() =>
        Assert.Equal(0, (await Run("--ballots", _ballots, "--seal", _seal)).Code);

    [Fact]
    public async Task a_mistyped_option_is_refused_and_the_likely_one_named_instead_of_ignored()
    {
        var (code, output) = await Run("--ballots", _ballots, "--seal", _seal, "--expected-seel", new string('0', 63) + "1");

        Assert.Equal(2, code);
        Assert.Contains("Opción desconocida: --expected-seel. ¿Quiso decir --expected-seal?", output);
        Assert.DoesNotContain("ÍNTEGRA", output);
    }

    [Theory]
    [InlineData("--seal", "otro.json", "--seal se dio dos veces")]
    [InlineData("--noted", "abcdef", "«abcdef» no es un hash")]
    [InlineData("--expected-seal", "xyz", "«xyz» no es un hash")]
    [InlineData("--database", "Host=127.0.0.1", "no los dos")]
    [InlineData("seal", "x", "«seal» no es una opción")]
    public async Task a_repeated_option_a_hash_that_is_not_one_or_two_sources_cannot_be_checked(string option, string value, string said)
    {
        var (code, output) = await Run("--ballots", _ballots, "--seal", _seal, option, value);

        Assert.Equal(2, code);
        Assert.Contains(said, output);
    }

    [Fact]
    public async Task a_missing_file_or_a_seal_that_is_not_json_is_said_in_spanish()
    {
        var (missing, missingSaid) = await Run("--ballots", Path.Combine(_folder, "no-existe.csv"), "--seal", _seal);
        await File.WriteAllTextAsync(_seal, "esto no es JSON");
        var (notJson, notJsonSaid) = await Run("--ballots", _ballots, "--seal", _seal);

        Assert.Equal((2, 2), (missing, notJson));
        Assert.Contains("no existe el archivo", missingSaid);
        Assert.Contains("el sello no es un archivo JSON válido", notJsonSaid);
    }

    [Fact]
    public async Task a_folder_or_a_file_in_a_missing_folder_is_said_in_spanish_naming_the_path()
    {
        var (folder, folderSaid) = await Run("--ballots", _folder, "--seal", _seal);
        var inMissingFolder = Path.Combine(_folder, "no-existe", "sello.json");
        var (missing, missingSaid) = await Run("--ballots", _ballots, "--seal", inMissingFolder);
        var (record, recordSaid) = await Run("--record", _folder, "--jornada", _jornadaId.ToString());

        Assert.Equal((2, 2, 2), (folder, missing, record));
        Assert.Contains($"«{_folder}» es una carpeta, no un archivo", folderSaid);
        Assert.Contains($"no existe el archivo «{inMissingFolder}».", missingSaid);
        Assert.Contains($"«{_folder}» es una carpeta, no un archivo", recordSaid);
        // .NET's own English words («Access to the path … is denied», «Could not find a part of the path») said none of it.
        Assert.All(new[] { folderSaid, missingSaid, recordSaid }, said => Assert.DoesNotContain("path", said, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An empty path (a script's variable left unset) ended in an unhandled ArgumentException and its stack.</summary>
    [Fact]
    public async Task an_empty_value_is_said_to_be_missing()
    {
        var (ballots, ballotsSaid) = await Run("--ballots", "", "--seal", _seal);
        var (record, recordSaid) = await Run("--record", "  ", "--jornada", _jornadaId.ToString());

        Assert.Equal((2, 2), (ballots, record));
        Assert.Contains("Falta el valor de --ballots.", ballotsSaid);
        Assert.Contains("Falta el valor de --record.", recordSaid);
    }

    [Fact]
    public async Task a_malformed_jornada_id_is_said_to_be_malformed_not_missing()
    {
        var (code, output) = await Run("--database", "Host=127.0.0.1", "--jornada", "abc");

        Assert.Equal(2, code);
        Assert.Contains("«abc» no es un identificador de Jornada", output);
    }

    [Fact]
    public async Task ballots_named_for_another_jornada_whose_chain_holds_under_it_are_a_mix_up_not_an_altered_export()
    {
        var otherId = Guid.NewGuid();
        var other = Exported.Chain(otherId, "B", "A", "B");
        var named = Path.Combine(_folder, $"boletas-{otherId}.csv");
        await File.WriteAllTextAsync(named, string.Join('\n', [AuditRecords.CsvHeader, .. other.Select(AuditRecords.ToCsvLine)]) + "\n");

        var (code, output) = await Run("--ballots", named, "--seal", _seal);

        Assert.Equal(2, code);
        Assert.Contains($"el archivo de boletas «boletas-{otherId}.csv» es de la Jornada {otherId}", output);
        Assert.DoesNotContain("ALTERADA", output);
    }

    [Fact]
    public async Task without_that_evidence_ballots_that_fail_under_the_seal_are_altered_with_a_note_on_mix_ups()
    {
        var otherId = Guid.NewGuid();
        var other = Exported.Chain(otherId, "B", "A", "B");
        await File.WriteAllTextAsync(_ballots, string.Join('\n', [AuditRecords.CsvHeader, .. other.Select(AuditRecords.ToCsvLine)]) + "\n");
        // Named for another Jornada, but its chain does not hold under that id either: forged, not mixed up.
        var forged = Path.Combine(_folder, $"boletas-{Guid.NewGuid()}.csv");
        File.Copy(_ballots, forged);

        var (unnamed, unnamedSaid) = await Run("--ballots", _ballots, "--seal", _seal);
        var (misnamed, misnamedSaid) = await Run("--ballots", forged, "--seal", _seal);

        Assert.Equal((1, 1), (unnamed, misnamed));
        Assert.Contains("ALTERADA. Primera ruptura en la fila 1", unnamedSaid);
        Assert.Contains("fila 1 (línea 2 del archivo)", unnamedSaid); // the line verificar.html names for the same break
        Assert.Contains("Nota: con el sello de otra Jornada", unnamedSaid);
        Assert.Contains("ALTERADA", misnamedSaid);
    }

    [Fact]
    public async Task a_mix_up_still_compares_the_hash_noted_at_the_close_with_the_seal_in_hand()
    {
        var otherId = Guid.NewGuid();
        var named = Path.Combine(_folder, $"boletas-{otherId}.csv");
        await File.WriteAllTextAsync(named, string.Join('\n', [AuditRecords.CsvHeader, .. Exported.Chain(otherId, "B", "A").Select(AuditRecords.ToCsvLine)]) + "\n");
        var sealHash = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(_seal)).RootElement.GetProperty("finalHash").GetString()!;

        var (carried, _) = await Run("--ballots", named, "--seal", _seal, "--expected-seal", sealHash);
        var (notCarried, said) = await Run("--ballots", named, "--seal", _seal, "--expected-seal", new string('d', 64));

        Assert.Equal((2, 1), (carried, notCarried));
        Assert.Contains("HASH ANOTADO NO COINCIDE", said);
    }

    [Fact]
    public async Task a_record_named_for_another_jornada_whose_chain_holds_under_it_is_a_mix_up()
    {
        var other = RecordedJornada.Complete();
        var record = Path.Combine(_folder, $"registro-{other.Id}.csv");
        await File.WriteAllTextAsync(record, string.Join('\n', [AuditRecords.RecordCsvHeader, .. RecordedJornada.Facts(other).Select(AuditRecords.ToRecordCsvLine)]) + "\n");

        var (code, output) = await Run("--ballots", _ballots, "--seal", _seal, "--record", record);

        Assert.Equal(2, code);
        Assert.Contains($"el registro «registro-{other.Id}.csv» es de la Jornada {other.Id}", output);
    }

    [Fact]
    public async Task an_empty_ballots_file_named_for_another_jornada_is_no_evidence_of_a_mix_up()
    {
        var empty = Path.Combine(_folder, $"boletas-{Guid.NewGuid()}.csv");
        await File.WriteAllTextAsync(empty, AuditRecords.CsvHeader + "\n");

        var (code, output) = await Run("--ballots", empty, "--seal", _seal);

        Assert.Equal(1, code); // the seal covers three ballots
        Assert.DoesNotContain("es de la Jornada", output);
    }

    [Fact]
    public async Task a_value_that_reads_help_is_a_value_not_a_request_for_help()
    {
        var (code, output) = await Run("--ballots", _ballots, "--seal", _seal, "--noted", "-h");

        Assert.Equal(2, code);
        Assert.Contains("«-h» no es un hash", output);
    }

    [Fact]
    public async Task help_prints_the_usage_and_succeeds()
    {
        var (code, output) = await Run("--help");

        Assert.Equal(0, code);
        Assert.Contains("verify --ballots boletas.csv --seal sello.json", output);
    }
}
