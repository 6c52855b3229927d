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
}
