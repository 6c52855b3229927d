using GobiernoAbierto.Audit;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>An export written to disk as the IEEQ desk hands it out: boletas-{id}.csv, sello.json, registro-{id}.csv.</summary>
internal static class ExportFiles
{
    public static (string Ballots, string Seal, string Record) Write(Guid jornadaId, IEnumerable<ExportedBallot> ballots, ExportedSeal seal,
        IEnumerable<ExportedFact> record)
    {
        var folder = Directory.CreateTempSubdirectory("sello-").FullName;
        var files = (Path.Combine(folder, $"boletas-{jornadaId}.csv"), Path.Combine(folder, "sello.json"), Path.Combine(folder, $"registro-{jornadaId}.csv"));
        File.WriteAllText(files.Item1, string.Join('\n', [AuditRecords.CsvHeader, .. ballots.Select(AuditRecords.ToCsvLine)]) + "\n");
        File.WriteAllBytes(files.Item2, seal.ToFile());
        File.WriteAllText(files.Item3, string.Join('\n', [AuditRecords.RecordCsvHeader, .. record.Select(AuditRecords.ToRecordCsvLine)]) + "\n");
        return files;
    }
}

/// <summary>
/// Only sello.json edited, the ballots and the record as the service wrote them, and the hash noted at the close theirs
/// (an outside auditor's): verify headlined «Primera ruptura en la fila 12» of the ballots, and the page «Boletas
/// (posición 12)», though the ballots agree with the record's close. The seal file is named as the one changed.
/// </summary>
public sealed class when_only_the_seal_file_was_edited
{
    private readonly JornadaBuilder _jornada = RecordedJornada.Complete();
    private readonly ExportedSeal _seal;
    private readonly List<ExportedBallot> _ballots;
    private readonly List<ExportedFact> _record;

    public when_only_the_seal_file_was_edited()
    {
        _seal = RecordedJornada.Seal(_jornada);
        _ballots = _jornada.Ballots.Select(AuditRecords.ToExported).ToList();
        _record = RecordedJornada.Facts(_jornada);
    }

    private AuditVerification Verify(ExportedSeal seal, string? expected) => AuditVerifier.Verify(_jornada.Id, _ballots, seal, _record, expected);

    private ExportedSeal CountsSwapped() =>
        _seal with { Counts = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["A"] = _seal.Counts["B"], ["B"] = _seal.Counts["A"] } };

    private string Tally(IReadOnlyDictionary<string, long> counts) => $"A: {counts["A"]}, B: {counts["B"]}";

    [Fact]
    public void counts_swapped_in_the_seal_are_the_seals_not_a_break_of_the_ballots()
    {
        Assert.NotEqual(_seal.Counts["A"], _seal.Counts["B"]);
        var swapped = CountsSwapped();

        var report = Verify(swapped, _seal.RecordHash);

        Assert.Null(report.FirstBreak);
        Assert.Equal($"El sello (sello.json) dice que el cómputo es {Tally(swapped.Counts)}; el cierre del registro, que concuerda con las boletas " +
                     $"y con el hash anotado, dice {Tally(_seal.Counts)}: se alteró el sello.", report.Record!.FirstBreak!.Reason);
        Assert.False(report.Intact);
        Assert.True(Assert.Single(report.Anchors).Matches);
    }

    [Fact]
    public void a_final_hash_changed_in_the_seal_is_the_seals_not_a_break_of_the_ballots()
    {
        var other = _ballots[^2].Hash;

        var report = Verify(_seal with { FinalHash = other }, _seal.RecordHash);

        Assert.Null(report.FirstBreak);
        Assert.Equal($"El sello (sello.json) dice que el hash final de las boletas es {other}; el cierre del registro, que concuerda con las " +
                     $"boletas y con el hash anotado, dice {_seal.FinalHash}: se alteró el sello.", report.Record!.FirstBreak!.Reason);
        Assert.False(report.Intact);
    }

    [Fact]
    public void a_ballot_count_changed_in_the_seal_is_the_seals_not_a_ballot_added_or_missing()
    {
        foreach (var count in new[] { _seal.BallotCount + 1, _seal.BallotCount - 1 })
        {
            var report = Verify(_seal with { BallotCount = count }, _seal.RecordHash);

            Assert.Null(report.FirstBreak);
            Assert.Equal($"El sello (sello.json) dice que el número de boletas es {count}; el cierre del registro, que concuerda con las boletas " +
                         $"y con el hash anotado, dice {_seal.BallotCount}: se alteró el sello.", report.Record!.FirstBreak!.Reason);
            Assert.False(report.Intact);
        }
    }

    /// <summary>The ballots' final hash noted at the close anchors the ballots, which the close agrees with: it matches, and says so.</summary>
    [Fact]
    public void the_ballots_final_hash_noted_at_the_close_matches_and_the_seal_is_named()
    {
        var report = Verify(CountsSwapped(), _seal.FinalHash);

        Assert.Null(report.FirstBreak);
        Assert.EndsWith("que concuerda con las boletas y con el hash anotado, " + $"dice {Tally(_seal.Counts)}: se alteró el sello.", report.Record!.FirstBreak!.Reason);
        Assert.Contains("es el hash final de la cadena de boletas", Assert.Single(report.Anchors).Message);
        Assert.True(report.Anchors[0].Matches);
    }

    /// <summary>Without the hash noted at the close, ballots and record rebuilt together would say the same: it says so.</summary>
    [Fact]
    public void without_the_hash_noted_at_the_close_the_seal_is_named_with_the_other_possibility()
    {
        var swapped = CountsSwapped();

        var report = Verify(swapped, expected: null);

        Assert.Null(report.FirstBreak);
        Assert.Equal($"El sello (sello.json) dice que el cómputo es {Tally(swapped.Counts)}; el cierre del registro, que concuerda con las boletas, " +
                     $"dice {Tally(_seal.Counts)}: se alteró el sello, o se rehicieron juntos las boletas y el registro (el hash anotado al cierre dice cuál).",
            report.Record!.FirstBreak!.Reason);
    }

    /// <summary>A hash noted at the close that is neither the close's nor the ballots': which file changed is not shown, as before.</summary>
    [Fact]
    public void with_a_noted_hash_that_is_not_the_records_the_ballots_and_the_record_say_what_they_said()
    {
        var report = Verify(CountsSwapped(), new string('7', 64));

        Assert.Contains("El cómputo recalculado da", report.FirstBreak!.Reason);
        Assert.Contains("el sello exportado dice", report.Record!.FirstBreak!.Reason);
        Assert.False(Assert.Single(report.Anchors).Matches);
    }

    [Fact]
    public void ballots_altered_keep_their_messages()
    {
        // The last ballot removed: the seal and the record still say 12.
        var cut = AuditVerifier.Verify(_jornada.Id, _ballots[..^1], _seal, _record, _seal.RecordHash);
        Assert.Equal($"El sello cubre {_seal.BallotCount} boletas y la cadena solo {_seal.BallotCount - 1}: falta la boleta {_seal.BallotCount} en adelante.",
            cut.FirstBreak!.Reason);
        Assert.Null(cut.Record!.FirstBreak);

        // One ballot changed, its chain and the seal file rebuilt to match: the record's close no longer agrees with the ballots.
        var changed = Exported.Rechained(_jornada.Id, _ballots.Select(b => b.Position == 2 ? b with { OptionId = b.OptionId == "A" ? "B" : "A" } : b), from: 1);
        var rebuilt = _seal with
        {
            FinalHash = changed[^1].Hash,
            Counts = new SortedDictionary<string, long>(new[] { "A", "B" }.ToDictionary(o => o, o => (long)changed.Count(b => b.OptionId == o)), StringComparer.Ordinal),
        };
        var report = AuditVerifier.Verify(_jornada.Id, changed, rebuilt, _record, _seal.RecordHash);
        Assert.Null(report.FirstBreak);
        Assert.Equal($"El cierre del registro sella el hash final {_seal.FinalHash}; el sello exportado dice {rebuilt.FinalHash}.", report.Record!.FirstBreak!.Reason);

        // One ballot changed alone: named at its row.
        var altered = _ballots.Select(b => b.Position == 3 ? b with { OptionId = b.OptionId == "A" ? "B" : "A" } : b).ToList();
        Assert.Equal(3, AuditVerifier.Verify(_jornada.Id, altered, _seal, _record, _seal.RecordHash).FirstBreak!.Position);
    }

    [Fact]
    public async Task verify_names_the_seal_file_not_a_row_of_the_ballots()
    {
        foreach (var (seal, field) in new[] { (CountsSwapped(), "el cómputo"), (_seal with { FinalHash = _ballots[^2].Hash }, "el hash final de las boletas") })
        {
            var files = ExportFiles.Write(_jornada.Id, _ballots, seal, _record);
            var output = new StringWriter();

            var code = await VerifyCommand.RunAsync(["--ballots", files.Ballots, "--seal", files.Seal, "--record", files.Record,
                "--expected-seal", _seal.RecordHash!], output, output);

            var said = output.ToString();
            Assert.Equal(1, code);
            Assert.DoesNotContain("Primera ruptura en la fila", said);
            Assert.DoesNotContain("hasta la ruptura", said);
            Assert.Contains($"Boletas revisadas: {_seal.BallotCount}", said);
            Assert.Contains($"EL SELLO (sello.json) NO CONCUERDA con el cierre del registro (evento {_seal.RecordPosition}), que concuerda con las boletas:", said);
            Assert.Contains($"  El sello (sello.json) dice que {field} es ", said);
            Assert.DoesNotContain("HASH ANOTADO NO COINCIDE", said);
            Assert.StartsWith("NO ÍNTEGRA: no certifique con estos archivos", said.TrimEnd().Split('\n')[^1]);
        }
    }
}
