using System.Text;
using GobiernoAbierto.Audit;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// A number in the export is written as the service writes it, or the export is not the one it gave (ExportNumbers;
/// README, «Seal, export and verification»): read leniently, «14.0» or «01» made the three verifiers disagree.
/// </summary>
public sealed class when_a_number_in_the_export_is_written_otherwise
{
    private readonly Guid _jornadaId = Guid.NewGuid();

    [Theory]
    [InlineData("0", true)]
    [InlineData("7", true)]
    [InlineData("14", true)]
    [InlineData("1000000", true)]
    [InlineData("01", false)]
    [InlineData("00", false)]
    [InlineData("+1", false)]
    [InlineData("-1", false)]
    [InlineData("1.0", false)]
    [InlineData("1e0", false)]
    [InlineData(" 1", false)]
    [InlineData("", false)]
    [InlineData("١", false)] // an Arabic-Indic digit: long.Parse with the invariant culture refuses it, char.IsDigit would not
    public void only_digits_without_a_leading_zero_are_canonical(string written, bool canonical) =>
        Assert.Equal(canonical, ExportNumbers.IsCanonical(written));

    [Theory]
    [InlineData("-3", true)]
    [InlineData("-0", false)]
    [InlineData("-03", false)]
    [InlineData("-", false)]
    [InlineData("--3", false)]
    public void the_records_integer_fields_also_take_a_minus_before_a_negative(string written, bool canonical) =>
        Assert.Equal(canonical, ExportNumbers.IsCanonical(written, negative: true));

    [Fact]
    public void the_seal_the_service_writes_is_read_as_written()
    {
        var chain = Exported.Chain(_jornadaId, "A", "B", "A");
        var seal = Exported.Seal(_jornadaId, chain) with { RecordHash = new string('a', 64), RecordPosition = 12 };

        var read = VerifyCommand.ReadSeal(Encoding.UTF8.GetString(seal.ToFile()));

        Assert.Null(read.NotCanonical);
        Assert.Equal(seal.Counts, read.Counts);
        Assert.DoesNotContain("notCanonical", Encoding.UTF8.GetString(seal.ToFile()), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"ballotCount\":3,", "\"ballotCount\":3.0,", "«ballotCount» como «3.0»")]
    [InlineData("\"ballotCount\":3,", "\"ballotCount\":3e0,", "«ballotCount» como «3e0»")]
    [InlineData("\"A\":2,", "\"A\":2.00,", "«A» como «2.00»")]
    [InlineData("\"B\":1}", "\"B\":1E0}", "«B» como «1E0»")]
    [InlineData("\"recordPosition\":12}", "\"recordPosition\":12.0}", "«recordPosition» como «12.0»")]
    [InlineData("\"recordPosition\":12}", "\"recordPosition\":\"12\"}", "«recordPosition» como «\"12\"»")]
    public void a_seal_number_written_otherwise_is_read_and_makes_the_export_not_intact(string written, string otherwise, string named)
    {
        var chain = Exported.Chain(_jornadaId, "A", "B", "A");
        var seal = Exported.Seal(_jornadaId, chain) with { RecordHash = new string('a', 64), RecordPosition = 12 };
        var file = Encoding.UTF8.GetString(seal.ToFile());
        Assert.Contains(written, file);

        var read = VerifyCommand.ReadSeal(file.Replace(written, otherwise));
        var report = AuditVerifier.Verify(_jornadaId, chain, read, record: null);

        Assert.Contains(named, read.NotCanonical);
        Assert.Contains(ExportNumbers.Rule, read.NotCanonical);
        Assert.Equal(3, read.BallotCount); // the rest of the check compares the value
        Assert.Null(report.FirstBreak);
        Assert.False(report.Intact);
        Assert.Equal(read.NotCanonical, report.FirstFinding);
    }

    /// <summary>
    /// The close's place in quotes: JSON's web defaults read «"11"» as 11, so verify compared it with the record while the
    /// page and the shell, which read a number only, skipped it; a seal with its close moved so passed those two. It is a
    /// figure written otherwise, named, and not read as the number it spells (as the page reads it).
    /// </summary>
    [Theory]
    [InlineData("\"11\"")]
    [InlineData("\"12\"")]
    [InlineData("\"doce\"")]
    [InlineData("true")]
    public void a_seal_whose_close_position_is_in_quotes_is_not_intact_and_that_figure_is_not_read(string written)
    {
        var jornada = RecordedJornada.Complete();
        var seal = RecordedJornada.Seal(jornada);
        var file = Encoding.UTF8.GetString(seal.ToFile());
        Assert.Contains($"\"recordPosition\":{seal.RecordPosition}}}", file);

        var read = VerifyCommand.ReadSeal(file.Replace($"\"recordPosition\":{seal.RecordPosition}}}", $"\"recordPosition\":{written}}}"));
        var report = AuditVerifier.Verify(jornada.Id, jornada.Ballots.Select(AuditRecords.ToExported), read, RecordedJornada.Facts(jornada));

        Assert.Equal($"El sello (sello.json) escribe «recordPosition» como «{written}»: {ExportNumbers.Rule}. No es el sello que entregó el servicio.",
            read.NotCanonical);
        Assert.Null(read.RecordPosition);
        Assert.Equal(seal.RecordHash, read.RecordHash);
        Assert.False(report.Intact);
        Assert.Equal(read.NotCanonical, report.FirstFinding);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("uno")]
    public void a_ballot_position_written_otherwise_breaks_the_chain_at_its_line(string written)
    {
        var chain = Exported.Chain(_jornadaId, "A", "B", "A");
        var lines = chain.Select(AuditRecords.ToCsvLine).ToList();
        lines[0] = written + lines[0][1..];
        var csv = string.Join('\n', [AuditRecords.CsvHeader, .. lines]) + "\n";

        Assert.Null(ExportScan.TryVerify(_jornadaId, new MemoryStream(Encoding.UTF8.GetBytes(csv)), Exported.Seal(_jornadaId, chain), null));
        var report = ChainVerifier.Verify(_jornadaId, AuditRecords.ParseCsv(new StringReader(csv)), Exported.Seal(_jornadaId, chain));

        Assert.Equal(1, report.FirstBreak?.Row);
        Assert.Null(report.FirstBreak?.Position);
        Assert.Equal(chain[0].Receipt, report.FirstBreak?.Receipt);
        Assert.Equal($"La línea 2 del archivo de boletas escribe la posición de la boleta como «{written}»: {ExportNumbers.Rule}. " +
                     "No es el archivo que entregó el servicio.", report.FirstBreak?.Reason);
    }

    [Fact]
    public void a_record_position_written_otherwise_breaks_the_record_at_its_line()
    {
        var jornada = RecordedJornada.Complete();
        var csv = string.Join('\n', [AuditRecords.RecordCsvHeader, .. RecordedJornada.Facts(jornada).Select(AuditRecords.ToRecordCsvLine)]) + "\n";
        var lines = csv.Split('\n');
        lines[3] = "0" + lines[3];

        var report = RecordVerifier.Verify(jornada.Id, AuditRecords.ParseRecordCsv(new StringReader(string.Join('\n', lines))), RecordedJornada.Seal(jornada));

        Assert.True(RecordVerifier.Verify(jornada.Id, AuditRecords.ParseRecordCsv(new StringReader(csv)), RecordedJornada.Seal(jornada)).Intact);
        Assert.Equal(2, report.FactsChecked);
        Assert.Equal(4, report.FirstBreak?.Line);
        Assert.Equal($"La línea 4 del registro escribe la posición del evento como «03»: {ExportNumbers.Rule}. No es el registro que entregó el servicio.",
            report.FirstBreak?.Reason);
    }

    /// <summary>A close rebuilt with «counts.A=i:03» and its links recomputed: read as 3, it agreed with the seal here, not for the shell.</summary>
    [Theory]
    [InlineData("counts.A", "0", "")]
    [InlineData("counts.A", "+", "")]
    [InlineData("ballotCount", "", ".0")]
    [InlineData("counts.A", "99999999999999999999", "")] // digits only, and no long says it
    public void an_integer_field_written_otherwise_in_a_fact_rebuilt_with_its_links_is_named(string field, string before, string after)
    {
        var jornada = RecordedJornada.Complete();
        var seal = RecordedJornada.Seal(jornada);
        var value = field == "ballotCount" ? seal.BallotCount : seal.Counts["A"];
        var (written, otherwise) = ($"{field}=i:{value};", $"{field}=i:{before}{value}{after};");
        var forged = RecordedJornada.Rechained(jornada.Id, RecordedJornada.Facts(jornada).Select(f => f with { Fields = f.Fields.Replace(written, otherwise) }));
        var close = forged.Single(f => f.Type == "jornada_closed");
        Assert.Contains(otherwise, close.Fields);

        var report = RecordVerifier.Verify(jornada.Id, forged, seal with { RecordHash = close.Hash });

        Assert.Equal(close.Position, report.FirstBreak?.Position);
        Assert.Contains($"escribe el campo «{otherwise.TrimEnd(';')}»: en el registro {ExportNumbers.Rule} (salvo el - de un negativo)", report.FirstBreak?.Reason);
    }

    /// <summary>
    /// A turnout in the close beyond what a long holds, its links rebuilt: it has only digits, and verify threw reading it
    /// (OverflowException). Named as every integer written otherwise; and counts each a long's that add up to more than one
    /// holds are a turnout that is not the ballot count, not an exception.
    /// </summary>
    [Theory]
    [InlineData("99999999999999999999", false)]
    [InlineData("9223372036854775807", true)]
    public void a_turnout_beyond_64_bits_is_named_not_thrown(string turnout, bool canonical)
    {
        var jornada = RecordedJornada.Complete();
        var seal = RecordedJornada.Seal(jornada);
        var facts = RecordedJornada.Facts(jornada);
        var written = System.Text.RegularExpressions.Regex.Matches(facts.Single(f => f.Type == "jornada_closed").Fields, @"turnout\.colonia\.[^=;]+=i:[0-9]+");
        Assert.NotEmpty(written);
        var forged = RecordedJornada.Rechained(jornada.Id, facts.Select(f => f.Type != "jornada_closed" ? f
            : f with { Fields = written.Aggregate(f.Fields, (fields, m) => fields.Replace(m.Value, m.Value[..(m.Value.IndexOf("=i:", StringComparison.Ordinal) + 3)] + turnout)) }));
        var close = forged.Single(f => f.Type == "jornada_closed");

        var report = RecordVerifier.Verify(jornada.Id, forged, seal with { RecordHash = close.Hash });

        Assert.Equal(close.Position, report.FirstBreak?.Position);
        Assert.Contains(canonical ? "una participación de" : $"=i:{turnout}»: en el registro {ExportNumbers.Rule} (salvo el - de un negativo), {ExportNumbers.Range}.",
            report.FirstBreak?.Reason);
    }
}
