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
}
