using System.Diagnostics;
using System.Globalization;
using GobiernoAbierto.Credentials;

namespace GobiernoAbierto.Benchmarks;

/// <summary>
/// `letters --count N [--out DIR]`: builds the voting-code letters of N made-up voters (one PDF, one CSV) the way an
/// issuance would, and prints the time each took and the process's peak memory. Run one count per process: the peak
/// is the process's. Without --out the files go to a temporary folder that is removed at the end.
/// </summary>
public static class LetterRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--count") ?? "10000", CultureInfo.InvariantCulture);
        var keep = Option(args, "--out");
        var directory = keep ?? Directory.CreateTempSubdirectory("letters-").FullName;
        Directory.CreateDirectory(directory);
        try
        {
            var batch = new LetterBatch(
                "Jornada de Participación 2026: obra pública en Félix Osores Sotomayor y Felipe Carrillo Puerto",
                "del lunes 9 al domingo 15 de noviembre de 2026, de 8:00 a 20:00 horas (hora del centro de México)",
                new Uri("https://participa.municipiodequeretaro.gob.mx/votar.html"),
                new Uri("https://participa.municipiodequeretaro.gob.mx/recibo.html"),
                new Uri("https://participa.municipiodequeretaro.gob.mx/participacion.html"));
            var jornadaId = Guid.NewGuid();
            string[] colonias = ["Loma Bonita", "San Pedro Mártir", "Felipe Carrillo Puerto", "El Tintero", "Lomas de Casa Blanca"];
            IEnumerable<Letter> Letters() => Enumerable.Range(0, count).Select(i =>
                Letter.For(colonias[i % colonias.Length], $"GMVLMR80070501M{i % 1000:000}", VotingCode.New(), jornadaId));

            var pdfPath = Path.Combine(directory, "cartas.pdf");
            var clock = Stopwatch.StartNew();
            await using (var pdf = File.Create(pdfPath))
                await GobiernoAbierto.Credentials.Letters.WritePdfAsync(batch, Letters(), pdf);
            var pdfSeconds = clock.Elapsed.TotalSeconds;
            var peakAfterPdf = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;

            var csvPath = Path.Combine(directory, "cartas.csv");
            clock.Restart();
            await using (var csv = File.Create(csvPath))
                await GobiernoAbierto.Credentials.Letters.WriteCsvAsync(batch, Letters(), csv);
            var csvSeconds = clock.Elapsed.TotalSeconds;

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"letters={count} pdf={pdfSeconds:F1}s ({new FileInfo(pdfPath).Length / 1048576.0:F1} MiB, " +
                $"{count / pdfSeconds:F0} pages/s) csv={csvSeconds:F2}s ({new FileInfo(csvPath).Length / 1048576.0:F1} MiB) " +
                $"peak_working_set={peakAfterPdf / 1048576.0:F0} MiB (after the PDF) " +
                $"{System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB (end) cores={Environment.ProcessorCount}"));
            return 0;
        }
        finally
        {
            if (keep is null) Directory.Delete(directory, recursive: true);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
