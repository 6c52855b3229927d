using System.Text.Json;
using GobiernoAbierto.Ballots;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// `verify`: recomputes the ballot chain and the tally, and the Jornada's record, from an export (ballots.csv, seal.json,
/// record.csv) or straight from the database, and names the first ballot or event where they break. Exit code 0
/// intact, 1 broken, 2 could not check.
/// </summary>
public static class VerifyCommand
{
    public const string Usage = """
        Uso:
          verify --ballots boletas.csv --seal sello.json [--record registro.csv] [--expected-seal HASH] [--noted HASH]...
          verify --database "Host=...;Database=...;Username=...;Password=..." --jornada ID [--schema gobiernoabierto] [--expected-seal HASH] [--noted HASH]...

        Recalcula la cadena de hashes de las boletas y el cómputo, y el registro encadenado de la Jornada (creación,
        boleta, kioscos, padrón, votación en línea, códigos, contrafirmas, apertura, cierre, certificación, publicación),
        y los compara con el sello de cierre.
        --record         el registro exportado (GET /api/jornadas/{id}/audit/record.csv); sin él solo se verifican las boletas.
        --expected-seal  el hash que el IEEQ anotó al cierre: el sello del registro (recordHash) o el hash final de las
                         boletas (finalHash); detecta un registro o una cadena rehechos junto con su sello.
        --noted          otro hash que el IEEQ anotó (por ejemplo al abrir la votación); puede repetirse.
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
            var expected = options.GetValueOrDefault("expected-seal")?.LastOrDefault();
            var noted = options.GetValueOrDefault("noted") ?? [];
            Guid jornadaId;
            AuditVerification report;
            ExportedSeal? seal;
            if (One(options, "ballots") is { } ballotsPath)
            {
                if (One(options, "seal") is not { } sealPath)
                {
                    await error.WriteLineAsync("Falta --seal sello.json (lo entrega GET /api/jornadas/{id}/audit/seal).");
                    return 2;
                }
                seal = ReadSeal(await File.ReadAllTextAsync(sealPath));
                jornadaId = seal.JornadaId;
                List<ExportedFact>? record = null;
                if (One(options, "record") is { } recordPath)
                {
                    using var recordReader = new StreamReader(recordPath);
                    record = AuditRecords.ParseRecordCsv(recordReader).ToList();
                }
                else await output.WriteLineAsync("Aviso: sin --record registro.csv solo se verifican las boletas, no el registro de la Jornada.");
                await using var file = new FileStream(ballotsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                if (ExportScan.TryVerify(jornadaId, file, seal, expectedFinalHash: null) is not { } chain)
                {
                    // Something to report (or to read the ordinary way): the whole file again, naming the first break.
                    file.Position = 0;
                    using var reader = new StreamReader(file);
                    chain = ChainVerifier.Verify(jornadaId, AuditRecords.ParseCsv(reader), seal);
                }
                report = AuditVerifier.Verify(jornadaId, chain, seal, record, expected, noted);
            }
            else if (One(options, "database") is { } connectionString)
            {
                if (One(options, "jornada") is not { } id || !Guid.TryParse(id, out jornadaId))
                {
                    await error.WriteLineAsync("Falta --jornada ID (el identificador de la Jornada).");
                    return 2;
                }
                var schema = One(options, "schema") ?? "gobiernoabierto";
                using var store = AuditRecords.OpenStore(connectionString, schema);
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                (report, seal) = await AuditRecords.VerifyStoredAsync(store, connection, new VotingTables(schema), jornadaId, expected, noted);
                if (seal is null) await output.WriteLineAsync("Aviso: la Jornada no está sellada; se verifican la cadena y el registro hasta hoy.");
            }
            else
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }

            await WriteAsync(output, jornadaId, seal, report);
            return report.Intact ? 0 : 1;
        }
        catch (Exception e) when (e is IOException or FormatException or JsonException or NpgsqlException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"No se pudo verificar: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The seal, refused in the verifier page's words when it is short of what the check needs (a seal without counts or
    /// without its number of ballots cannot vouch for an export): before, a missing field ended in an exception's stack.
    /// </summary>
    public static ExportedSeal ReadSeal(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        bool Has(string name, JsonValueKind kind) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == kind;
        if (!Has("jornadaId", JsonValueKind.String) || !Has("finalHash", JsonValueKind.String) || !Has("ballotCount", JsonValueKind.Number)
            || !Has("counts", JsonValueKind.Object) || root.GetProperty("counts").EnumerateObject().Any(c => c.Value.ValueKind != JsonValueKind.Number))
            throw new FormatException("El sello no tiene jornadaId, finalHash, ballotCount y counts: ¿es el sello.json de la exportación?");
        return root.Deserialize<ExportedSeal>(Json)!;
    }

    private static async Task WriteAsync(TextWriter output, Guid jornadaId, ExportedSeal? seal, AuditVerification report)
    {
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
        }
        if (report.Record is { } record)
        {
            await output.WriteLineAsync($"Eventos del registro revisados: {record.FactsChecked}");
            await output.WriteLineAsync($"Sello del registro recalculado (el cierre{(record.SealPosition is { } at ? $", evento {at}" : "")}): " +
                                        (record.SealHash ?? (record.FirstBreak is null ? "sin cierre" : "no se llegó al cierre")));
            if (record.FirstBreak is { } fact)
            {
                await output.WriteLineAsync("REGISTRO ALTERADO. Primera ruptura" +
                                            (fact.Position is { } p ? $" en el evento {p}" : "") + (fact.Type is { } t ? $" ({t})" : "") +
                                            (fact.Line is { } l ? $", línea {l} del archivo" : "") + (fact.Version is { } v ? $", versión {v} del flujo" : "") + ":");
                await output.WriteLineAsync("  " + fact.Reason);
            }
        }
        if (report.Store is { } store)
        {
            await output.WriteLineAsync("ALMACÉN ALTERADO" + (store.Version is { } v ? $" (versión {v} del flujo)" : "") + ":");
            await output.WriteLineAsync("  " + store.Reason);
        }
        foreach (var anchor in report.Anchors)
            await output.WriteLineAsync((anchor.Matches ? "Hash anotado: " : "HASH ANOTADO NO COINCIDE: ") + anchor.Message);
        if (report.Intact)
            await output.WriteLineAsync(seal is null
                ? "ÍNTEGRA: la cadena y el registro se recalcularon sin rupturas."
                : report.Record is null
                    ? "ÍNTEGRA: la cadena, el número de boletas, el hash final y el cómputo coinciden con el sello."
                    : "ÍNTEGRA: la cadena, el número de boletas, el hash final, el cómputo y el registro de la Jornada coinciden con el sello.");
    }

    private static string? One(Dictionary<string, List<string>> options, string name) => options.GetValueOrDefault(name)?.LastOrDefault();

    private static Dictionary<string, List<string>>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help") { options["help"] = []; continue; }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            var name = args[i][2..];
            if (!options.TryGetValue(name, out var values)) options[name] = values = [];
            values.Add(args[++i]);
        }
        return options;
    }
}
