using System.Text;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Each ballot says where it was cast: its channel and, at a kiosk, which kiosk; the record says which kiosks were
/// registered and whether online voting was enabled. An export rewritten so that a ballot names a kiosk the record does
/// not list, chains, close and seal made to agree, verified as intact: nothing compared the ballots with the record's kiosks.
/// </summary>
public sealed class when_a_ballot_names_a_kiosk_the_record_does_not_list
{
    private readonly JornadaBuilder _jornada = RecordedJornada.Complete();
    private readonly string _ballots, _seal, _record;
    private readonly ExportedBallot _atKiosk, _online;

    public when_a_ballot_names_a_kiosk_the_record_does_not_list()
    {
        var ballots = _jornada.Ballots.Select(AuditRecords.ToExported).ToList();
        _ballots = string.Join('\n', [AuditRecords.CsvHeader, .. ballots.Select(AuditRecords.ToCsvLine)]) + "\n";
        _seal = Encoding.UTF8.GetString(RecordedJornada.Seal(_jornada).ToFile());
        _record = string.Join('\n', [AuditRecords.RecordCsvHeader, .. RecordedJornada.Facts(_jornada).Select(AuditRecords.ToRecordCsvLine)]) + "\n";
        _atKiosk = ballots.First(b => b.Channel == "kiosk" && b.Position > 1);
        _online = ballots.First(b => b.Channel == "online" && b.Position > 1);
    }

    private (string Ballots, string Seal, string Record) Forged(ExportedBallot ballot, string channel, string kiosk) =>
        ForgedExport.WithBallot(_jornada.Id, _ballots, _seal, _record, ballot.Position, channel, kiosk);

    /// <summary>The ordinary check, ballot by ballot (ChainVerifier), as verify runs it on a file it cannot scan fast and on the database.</summary>
    private AuditVerification Verify((string Ballots, string Seal, string Record) export) =>
        AuditVerifier.Verify(_jornada.Id, AuditRecords.ParseCsv(new StringReader(export.Ballots)), VerifyCommand.ReadSeal(export.Seal),
            AuditRecords.ParseRecordCsv(new StringReader(export.Record)));

    /// <summary>`verify` on the files as written (its fast scan reads them) and on the same files with CRLF line ends (the ordinary check does).</summary>
    private static async Task<(int Code, string Output)[]> RunVerifyAsync((string Ballots, string Seal, string Record) export)
    {
        var results = new List<(int, string)>();
        foreach (var lineEnd in new[] { "\n", "\r\n" })
        {
            var folder = Directory.CreateTempSubdirectory("fuente-").FullName;
            string Write(string name, string text)
            {
                File.WriteAllText(Path.Combine(folder, name), text.Replace("\n", lineEnd));
                return Path.Combine(folder, name);
            }
            var output = new StringWriter();
            var code = await VerifyCommand.RunAsync(["--ballots", Write("boletas.csv", export.Ballots), "--seal", Write("sello.json", export.Seal),
                "--record", Write("registro.csv", export.Record)], output, output);
            results.Add((code, output.ToString()));
        }
        return [.. results];
    }

    [Fact]
    public async Task a_ballot_moved_to_another_registered_kiosk_verifies_the_rewrite_itself_is_not_seen()
    {
        // What the check can and cannot see: a ballot re-attributed to a kiosk the record does list agrees with everything.
        var forged = Forged(_atKiosk, "kiosk", JornadaBuilder.Kiosk2);
        Assert.NotEqual(_ballots, forged.Ballots);

        Assert.True(Verify(forged).Intact, Verify(forged).FirstFinding);
        Assert.All(await RunVerifyAsync(forged), r => Assert.Equal(0, r.Code));
    }

    [Fact]
    public async Task a_ballot_naming_an_unknown_kiosk_is_named_by_verify_on_either_path()
    {
        var forged = Forged(_atKiosk, "kiosk", "kiosco-fantasma");

        var report = Verify(forged);

        Assert.False(report.Intact);
        Assert.Equal(_atKiosk.Position, report.FirstBreak!.Position);
        Assert.Equal(_atKiosk.Receipt, report.FirstBreak.Receipt);
        Assert.Equal($"La boleta {_atKiosk.Position} (recibo {_atKiosk.Receipt}) dice que la emitió el kiosco «kiosco-fantasma», que no está en el " +
                     "registro de la Jornada: el servicio solo recibe votos de los kioscos registrados. Se rehicieron las boletas con su sello, o el registro.",
            report.FirstBreak.Reason);
        Assert.Null(report.Record!.FirstBreak);
        // The fast scan of the file (verify's path for a file as downloaded) holds, and hands the kiosks it saw to the same comparison.
        var scanned = ExportScan.TryVerify(_jornada.Id, new MemoryStream(Encoding.UTF8.GetBytes(forged.Ballots)), VerifyCommand.ReadSeal(forged.Seal), null);
        Assert.NotNull(scanned);
        Assert.Contains(scanned.Sources!, s => s.KioskId == "kiosco-fantasma" && s.Position == _atKiosk.Position && s.Receipt == _atKiosk.Receipt);
        Assert.Equal(report.FirstBreak, AuditVerifier.Verify(_jornada.Id, scanned, VerifyCommand.ReadSeal(forged.Seal),
            AuditRecords.ParseRecordCsv(new StringReader(forged.Record))).FirstBreak);
        foreach (var (code, output) in await RunVerifyAsync(forged))
        {
            Assert.Equal(1, code);
            Assert.Contains($"posición {_atKiosk.Position}, recibo {_atKiosk.Receipt}:", output);
            Assert.Contains("el kiosco «kiosco-fantasma», que no está en el registro de la Jornada", output);
            Assert.StartsWith("NO ÍNTEGRA", output.TrimEnd().Split('\n')[^1]);
        }
    }

    [Fact]
    public void a_ballot_whose_channel_does_not_fit_its_kiosk_or_the_record_is_named()
    {
        var onlineAtKiosk = Verify(Forged(_online, "online", JornadaBuilder.Kiosk1)).FirstBreak!;
        Assert.Equal(_online.Position, onlineAtKiosk.Position);
        Assert.Contains($"es de la votación en línea y nombra el kiosco «{JornadaBuilder.Kiosk1}»", onlineAtKiosk.Reason);

        var kioskWithoutOne = Verify(Forged(_atKiosk, "kiosk", "-")).FirstBreak!;
        Assert.Equal(_atKiosk.Position, kioskWithoutOne.Position);
        Assert.Contains("es de un kiosco y no dice de cuál", kioskWithoutOne.Reason);

        var otherChannel = Verify(Forged(_atKiosk, "urna", JornadaBuilder.Kiosk1)).FirstBreak!;
        Assert.Contains("trae el canal «urna»", otherChannel.Reason);
    }

    [Fact]
    public void online_ballots_in_a_jornada_whose_record_never_enabled_online_voting_are_named()
    {
        var record = ForgedExport.Without(_jornada.Id, _record, "online_channel_enabled");
        var seal = ForgedExport.SealFor(_seal, _record, record);

        var report = Verify((_ballots, seal, record));

        Assert.Null(report.Record!.FirstBreak);
        var first = _jornada.Ballots.First(b => b.Channel == Ballots.BallotChannel.Online);
        Assert.Equal(first.Position, report.FirstBreak!.Position);
        Assert.Contains("se emitió en línea, y el registro de la Jornada no habilita la votación en línea", report.FirstBreak.Reason);
    }
}
