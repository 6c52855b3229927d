using System.Text.Json;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// `verify`: recomputes the ballot chain and the tally, from an export (ballots.csv + seal.json) or straight from
/// the database, and names the first ballot where they break. Exit code 0 intact, 1 broken, 2 could not check.
/// </summary>
public static class VerifyCommand
{
    public const string Usage = """
        Uso:
          verify --ballots boletas.csv --seal sello.json [--expected-seal HASH]
          verify --database "Host=...;Database=...;Username=...;Password=..." --jornada ID [--schema gobiernoabierto] [--expected-seal HASH]

        Recalcula la cadena de hashes de las boletas y el cómputo, y los compara con el sello de cierre.
        --expected-seal  el hash final que el IEEQ anotó al cierre; detecta una cadena rehecha junto con su sello.
        Código de salida: 0 íntegra, 1 alterada, 2 no se pudo verificar.
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var options = ParseOptions(args);
        if (options is null || options.ContainsKey("help"))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            options.TryGetValue("expected-seal", out var expected);
            Guid jornadaId;
            VerificationReport report;
            ExportedSeal? seal;
            if (options.TryGetValue("ballots", out var ballotsPath))
            {
                if (!options.TryGetValue("seal", out var sealPath))
                {
                    await error.WriteLineAsync("Falta --seal sello.json (lo entrega GET /api/jornadas/{id}/audit/seal).");
                    return 2;
                }
                seal = JsonSerializer.Deserialize<ExportedSeal>(await File.ReadAllTextAsync(sealPath), Json)
                       ?? throw new FormatException("sello.json está vacío.");
                jornadaId = seal.JornadaId;
                await using var file = new FileStream(ballotsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                if (ExportScan.TryVerify(jornadaId, file, seal, expected) is { } intact) report = intact;
                else
                {
                    // Something to report (or to read the ordinary way): the whole file again, naming the first break.
                    file.Position = 0;
                    using var reader = new StreamReader(file);
                    report = ChainVerifier.Verify(jornadaId, AuditRecords.ParseCsv(reader), seal, expected);
                }
            }
            else if (options.TryGetValue("database", out var connectionString))
            {
                if (!options.TryGetValue("jornada", out var id) || !Guid.TryParse(id, out jornadaId))
                {
                    await error.WriteLineAsync("Falta --jornada ID (el identificador de la Jornada).");
                    return 2;
                }
                var schema = options.GetValueOrDefault("schema", "gobiernoabierto");
                using var store = AuditRecords.OpenStore(connectionString, schema);
                await using var session = store.QuerySession();
                seal = await AuditRecords.ReadSealAsync(session, jornadaId);
                report = await ChainVerifier.VerifyAsync(jornadaId, AuditRecords.ReadBallotsAsync(session, jornadaId), seal, expected);
                if (seal is null) await output.WriteLineAsync("Aviso: la Jornada no está sellada; se verifica solo la cadena.");
            }
            else
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }

            await output.WriteLineAsync($"Jornada {jornadaId}{(seal is null ? "" : $" «{seal.Title}»")}");
            await output.WriteLineAsync($"Boletas revisadas: {report.BallotsChecked}");
            await output.WriteLineAsync($"Cómputo recalculado: {string.Join(", ", report.Counts.Select(c => $"{c.Key}={c.Value}"))}");
            await output.WriteLineAsync($"Hash final recalculado: {report.FinalHash}");
            if (report.FirstBreak is { } broken)
            {
                await output.WriteLineAsync($"ALTERADA. Primera ruptura en la fila {broken.Row}" +
                                            (broken.Position is { } p ? $", posición {p}" : "") +
                                            (broken.Receipt is { } r ? $", recibo {r}" : "") + ":");
                await output.WriteLineAsync("  " + broken.Reason);
                return 1;
            }
            await output.WriteLineAsync(seal is null
                ? "ÍNTEGRA: la cadena se recalculó sin rupturas."
                : "ÍNTEGRA: la cadena, el número de boletas, el hash final y el cómputo coinciden con el sello.");
            return 0;
        }
        catch (Exception e) when (e is IOException or FormatException or JsonException or NpgsqlException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"No se pudo verificar: {e.Message}");
            return 2;
        }
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help") { options["help"] = ""; continue; }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            options[args[i][2..]] = args[++i];
        }
        return options;
    }
}
