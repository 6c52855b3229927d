using GobiernoAbierto.Audit;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// A fact rebuilt with its links by someone who knows the record's encoding, its fields written otherwise than the
/// service writes them (README, «Codificación canónica del registro»): it is named as the line that breaks, never an
/// exception's stack or an intact record.
/// </summary>
public sealed class when_a_fact_is_rebuilt_with_its_fields_written_otherwise
{
    private readonly JornadaBuilder _jornada = RecordedJornada.Complete();

    /// <summary>The record with one fact's fields changed, every link recomputed, and the seal's close hash made to agree.</summary>
    private (RecordReport Report, ExportedFact Changed) Rebuilt(string type, string written, string otherwise)
    {
        var facts = RecordedJornada.Facts(_jornada);
        Assert.Contains(written, facts.Single(f => f.Type == type).Fields);
        var forged = RecordedJornada.Rechained(_jornada.Id, facts.Select(f => f.Type == type ? f with { Fields = f.Fields.Replace(written, otherwise) } : f));
        var seal = RecordedJornada.Seal(_jornada) with { RecordHash = forged.Single(f => f.Type == "jornada_closed").Hash };
        return (RecordVerifier.Verify(_jornada.Id, forged, seal), forged.Single(f => f.Type == type));
    }

    /// <summary>
    /// «counts.A» and «counts.%41» are both the option A: Parse kept them apart, Keys read both as A, and verify threw
    /// («An item with the same key has already been added»); the page kept the last and called the export intact.
    /// </summary>
    [Theory]
    [InlineData("counts.B=i:2;", "counts.B=i:2;counts.%41=i:10;", "«counts.A», como «counts.A» y como «counts.%41»")]
    [InlineData("counts.B=i:2;", "counts.B=i:2;counts.B=i:2;", "«counts.B»")]
    [InlineData("counts.A=i:10;", "counts.%41=i:10;counts.A=i:10;", "«counts.A», como «counts.%41» y como «counts.A»")]
    public void a_field_named_twice_in_the_close_is_named_not_thrown(string written, string otherwise, string named)
    {
        var (report, close) = Rebuilt("jornada_closed", written, otherwise);

        Assert.Equal(close.Position - 1, report.FactsChecked);
        Assert.Equal(close.Position, report.FirstBreak?.Position);
        Assert.Equal($"El evento {close.Position} (cierre y sello de la votación) nombra dos veces el campo {named}: el servicio escribe cada campo " +
                     "una sola vez. No lo escribió el servicio; se rehízo con sus enlaces.", report.FirstBreak?.Reason);
    }

    [Fact]
    public void the_whole_export_with_a_close_naming_an_option_twice_is_not_intact()
    {
        var facts = RecordedJornada.Facts(_jornada);
        var forged = RecordedJornada.Rechained(_jornada.Id, facts.Select(f => f.Type == "jornada_closed"
            ? f with { Fields = f.Fields.Replace("counts.A=", "counts.%41=i:0;counts.A=") } : f));
        var seal = RecordedJornada.Seal(_jornada) with { RecordHash = forged.Single(f => f.Type == "jornada_closed").Hash };

        var report = AuditVerifier.Verify(_jornada.Id, _jornada.Ballots.Select(AuditRecords.ToExported), seal, forged, seal.RecordHash);

        Assert.False(report.Intact);
        Assert.Contains("nombra dos veces el campo «counts.A»", report.Record?.FirstBreak?.Reason);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("", true)]
    [InlineData("Ni%C3%B1os%20%7C%201%3B2", true)]
    [InlineData("%F0%9F%98%80~", true)]
    [InlineData("%25", true)]
    [InlineData("%41", false)] // A
    [InlineData("%7E", false)] // ~
    [InlineData("%2b", false)] // lower-case hex
    [InlineData("Ni%c3%b1os", false)]
    [InlineData("Niños", false)] // written as it is
    [InlineData("a+b", false)]
    [InlineData("%", false)]
    [InlineData("%C3", false)] // a byte that is no character
    [InlineData("%C1%81", false)] // A, overlong
    [InlineData("%ED%A0%80", false)] // a surrogate
    public void a_text_is_canonical_only_as_the_service_writes_it(string written, bool canonical) =>
        Assert.Equal(canonical, ExportText.IsCanonical(written));

    /// <summary>
    /// «optionId=s:%41» says «A»: the publication held for verify and the page, and broke for the shell, which compares
    /// the text (the service writes «s:A»). A text or a name written otherwise is named, with the field as the service
    /// writes it when what it says can be read.
    /// </summary>
    [Theory]
    [InlineData("chosen_project_published", "optionId=s:A;", "optionId=s:%41;", "optionId=s:A")]
    [InlineData("tally_certified", "observations=s:Sin%20incidencias;", "observations=s:Sin%20%69ncidencias;", "observations=s:Sin%20incidencias")]
    [InlineData("tally_certified", "observations=s:Sin%20incidencias;", "observations=s:Sin%20incidencias%c3%a9;", "observations=s:Sin%20incidencias%C3%A9")]
    [InlineData("tally_certified", "observations=s:Sin%20incidencias;", "observations=s:Sin incidencias;", "observations=s:Sin%20incidencias")]
    [InlineData("tally_certified", "observations=s:Sin%20incidencias;", "observations=s:Sin%20incidencias%;", null)]
    [InlineData("tally_certified", "observations=s:Sin%20incidencias;", "observations=s:Sin%20%C1%81;", null)]
    [InlineData("jornada_closed", "counts.B=i:", "count%73.B=i:", "counts.B=i:")]
    public void a_text_or_a_name_written_otherwise_is_named_with_the_way_the_service_writes_it(string type, string written, string otherwise, string? canonical)
    {
        var (report, fact) = Rebuilt(type, written, otherwise);
        var field = fact.Fields.Split(';').First(part => part.StartsWith(otherwise.TrimEnd(';'), StringComparison.Ordinal));
        if (canonical is not null) canonical = field.Replace(otherwise.TrimEnd(';'), canonical.TrimEnd(';'));

        Assert.Equal(fact.Position, report.FirstBreak?.Position);
        Assert.Equal($"El evento {fact.Position} ({GobiernoAbierto.Jornadas.JornadaRecord.SpanishName(type)}) escribe el campo «{field}»" +
                     (canonical is null ? "" : $", que el servicio escribe «{canonical}»") +
                     $": {ExportText.Rule}. No lo escribió el servicio; se rehízo con sus enlaces.", report.FirstBreak?.Reason);
    }

    [Fact]
    public void the_record_the_service_writes_has_every_text_and_name_written_as_it_writes_them()
    {
        var facts = RecordedJornada.Facts(_jornada);

        Assert.All(facts, f => Assert.Null(FieldValues.NotCanonicalText(f.Fields)));
        Assert.True(RecordVerifier.Verify(_jornada.Id, facts, RecordedJornada.Seal(_jornada)).Intact);
    }

    [Theory]
    [InlineData("t:2020-10-18T13:00:00.0000000Z", true)]
    [InlineData("t:2024-02-29T23:59:59.9999999Z", true)]
    [InlineData("t:2000-02-29T00:00:00.0000000Z", true)]
    [InlineData("t:0001-01-01T00:00:00.0000000Z", true)]
    [InlineData("t:9999-12-31T23:59:59.9999999Z", true)]
    [InlineData("t:2020-10-18T13:00:00Z", false)] // without its decimals
    [InlineData("t:2020-10-18T13:00:00.000Z", false)]
    [InlineData("t:2020-10-18T07:00:00.0000000-06:00", false)] // the same instant in another offset
    [InlineData("t:2020-10-18T13:00:00.0000000+00:00", false)]
    [InlineData("t:2020-10-18T13:00:00.0000000z", false)]
    [InlineData("t:2020-10-18 13:00:00.0000000Z", false)]
    [InlineData("t:2023-02-29T00:00:00.0000000Z", false)] // no such day
    [InlineData("t:1900-02-29T00:00:00.0000000Z", false)]
    [InlineData("t:2020-04-31T00:00:00.0000000Z", false)]
    [InlineData("t:2020-10-18T24:00:00.0000000Z", false)]
    [InlineData("t:2020-10-18T13:00:60.0000000Z", false)]
    [InlineData("t:0000-01-01T00:00:00.0000000Z", false)]
    [InlineData("t:", false)]
    [InlineData("d:2400000", true)]
    [InlineData("d:1850000.5", true)]
    [InlineData("d:-0.25", true)]
    [InlineData("d:0", true)]
    [InlineData("d:2400000.00", false)]
    [InlineData("d:2400000.", false)]
    [InlineData("d:02400000", false)]
    [InlineData("d:+2400000", false)]
    [InlineData("d:2.4e6", false)]
    [InlineData("d:-0", false)]
    [InlineData("d:.5", false)]
    [InlineData("d:", false)]
    [InlineData("b:true", true)]
    [InlineData("b:false", true)]
    [InlineData("b:True", false)]
    [InlineData("b:1", false)]
    [InlineData("b:", false)]
    [InlineData("n:", true)]
    [InlineData("n:null", false)]
    [InlineData("x:A", false)] // a tag the record has none of
    [InlineData("t", false)]
    [InlineData("", false)]
    [InlineData("s:%41", true)] // a text's and an integer's form are ExportText's and ExportNumbers'
    [InlineData("i:03", true)]
    public void an_instant_a_decimal_a_boolean_or_an_absent_value_is_canonical_only_as_the_service_writes_it(string written, bool canonical) =>
        Assert.Equal(canonical, ExportValues.IsCanonical(written));

    /// <summary>Whatever instant, in whatever offset, and whatever decimal the service is given, it writes them in the form the verifiers accept.</summary>
    [Fact]
    public void every_instant_and_decimal_the_service_writes_is_read_as_canonical()
    {
        var random = new Random(20261207);
        var instants = new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-6)) }
            .Concat(Enumerable.Range(0, 2000).Select(_ => new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay,
                DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)))));
        var decimals = new[] { decimal.MaxValue, decimal.MinValue, 0m, -0m, 0.0000m, 2_400_000.00m, 1850000.50m, -0.25m, 1e-28m, -1e-28m }
            .Concat(Enumerable.Range(0, 2000).Select(_ => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29))));

        foreach (var instant in instants)
        {
            var field = new GobiernoAbierto.Jornadas.CanonicalFields().Instant("at", instant).ToString();
            Assert.True(ExportValues.IsCanonical(field["at=".Length..]), field);
        }
        foreach (var value in decimals)
        {
            var field = new GobiernoAbierto.Jornadas.CanonicalFields().Decimal("cost", value).ToString();
            Assert.True(ExportValues.IsCanonical(field["cost=".Length..]), field);
        }
        Assert.True(ExportValues.IsCanonical(new GobiernoAbierto.Jornadas.CanonicalFields().Bool("b", true).ToString()["b=".Length..]));
        Assert.True(ExportValues.IsCanonical(new GobiernoAbierto.Jornadas.CanonicalFields().Bool("b", false).ToString()["b=".Length..]));
        Assert.True(ExportValues.IsCanonical(new GobiernoAbierto.Jornadas.CanonicalFields().Text("s", null).ToString()["s=".Length..]));
    }

    /// <summary>
    /// «closedAt=t:…T13:00:00Z» says the instant the service writes «…T13:00:00.0000000Z»: read for what it says, the close
    /// rebuilt so held for verify, the page and the shell alike. Named now, as a number or a text written otherwise is.
    /// </summary>
    [Theory]
    [InlineData("jornada_closed", @"closedAt=t:([^;.]+)\.[0-9]{7}Z", "closedAt=t:$1Z")]
    [InlineData("jornada_created", @"votingClosesAt=t:([^;.]+)\.([0-9]{7})Z", "votingClosesAt=t:$1.$2+00:00")]
    [InlineData("jornada_created", @"processId=n:(?=;)", "processId=n:null")]
    [InlineData("ballot_options_set", @"options\.1\.estimatedCost=d:([0-9]+)(?=;)", "options.1.estimatedCost=d:$1.00")]
    [InlineData("jornada_opened", @"openedAt=t:", "openedAt=T:")]
    public void an_instant_a_decimal_or_an_absent_value_written_otherwise_is_named(string type, string pattern, string replacement)
    {
        var facts = RecordedJornada.Facts(_jornada);
        var fields = facts.Single(f => f.Type == type).Fields;
        var match = System.Text.RegularExpressions.Regex.Match(fields, pattern);
        Assert.True(match.Success, fields);
        var (report, fact) = Rebuilt(type, match.Value, match.Result(replacement));
        var field = fact.Fields.Split(';').Single(part => part.StartsWith(match.Result(replacement), StringComparison.Ordinal));

        Assert.Equal(fact.Position - 1, report.FactsChecked);
        Assert.Equal(fact.Position, report.FirstBreak?.Position);
        Assert.Equal($"El evento {fact.Position} ({GobiernoAbierto.Jornadas.JornadaRecord.SpanishName(type)}) escribe el campo «{field}»: " +
                     $"{ExportValues.Rule}. No lo escribió el servicio; se rehízo con sus enlaces.", report.FirstBreak?.Reason);
    }

    /// <summary>A boolean: «b:False» says false, but the service writes «b:false».</summary>
    [Fact]
    public void a_boolean_written_otherwise_is_named()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithVoterRoll();
        var facts = RecordedJornada.Facts(builder);
        Assert.Contains("coloniasFromRoll=b:false;", facts.Single(f => f.Type == "voter_roll_loaded").Fields);
        var forged = RecordedJornada.Rechained(builder.Id, facts.Select(f => f with { Fields = f.Fields.Replace("coloniasFromRoll=b:false;", "coloniasFromRoll=b:False;") }));

        var report = RecordVerifier.Verify(builder.Id, forged);

        Assert.True(RecordVerifier.Verify(builder.Id, facts).Intact);
        var roll = forged.Single(f => f.Type == "voter_roll_loaded");
        Assert.Equal(roll.Position, report.FirstBreak?.Position);
        Assert.Equal($"El evento {roll.Position} ({GobiernoAbierto.Jornadas.JornadaRecord.SpanishName("voter_roll_loaded")}) escribe el campo " +
                     $"«coloniasFromRoll=b:False»: {ExportValues.Rule}. No lo escribió el servicio; se rehízo con sus enlaces.", report.FirstBreak?.Reason);
    }

    [Fact]
    public void the_record_the_service_writes_has_every_instant_decimal_boolean_and_absent_value_written_as_it_writes_them()
    {
        var facts = RecordedJornada.Facts(_jornada);

        Assert.Contains(facts, f => f.Fields.Contains("=t:"));
        Assert.Contains(facts, f => f.Fields.Contains("=d:"));
        Assert.Contains(facts, f => f.Fields.Contains("=n:"));
        Assert.All(facts, f => Assert.Null(FieldValues.NotCanonicalValue(f.Fields)));
    }
}
