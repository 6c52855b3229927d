using System.Text.Json;
using GobiernoAbierto.Ballots;
using JasperFx.Events;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// `verify`: recomputes the ballot chain and the tally, and the Jornada's record, from an export (ballots.csv, seal.json,
/// record.csv) or straight from the database, and names the first ballot or event where they break. Exit code 0
/// intact, 1 broken, 2 could not check.
/// </summary>
public static partial class VerifyCommand
{
    public const string Usage = """
        Uso:
          verify --ballots boletas.csv --seal sello.json [--record registro.csv] [--expected-seal HASH] [--noted HASH]...
          verify --record registro-ID.csv [--jornada ID] [--expected-seal HASH] [--noted HASH]...
          verify --database "Host=...;Database=...;Username=...;Password=..." --jornada ID [--schema gobiernoabierto] [--expected-seal HASH] [--noted HASH]...

        Recalcula la cadena de hashes de las boletas y el cómputo, y el registro encadenado de la Jornada (creación,
        boleta, kioscos, padrón, votación en línea, códigos, contrafirmas, apertura, cierre, certificación, publicación),
        y los compara con el sello de cierre.
        --record         el registro exportado (GET /api/jornadas/{id}/audit/record.csv); sin él solo se verifican las boletas,
                         y un hash anotado, salvo el hash final de las boletas, no se puede comprobar (código 2). Solo, sin boletas ni sello (una Jornada retirada,
                         o durante la votación): se verifican su cadena, su codificación y sus reglas, y cada hash anotado;
                         la Jornada, de --jornada o del nombre registro-ID.csv con que se descargó.
        --expected-seal  el hash que el IEEQ anotó al cierre: el sello del registro (recordHash) o el hash final de las
                         boletas (finalHash); detecta un registro o una cadena rehechos junto con su sello.
        --noted          otro hash que el IEEQ anotó (por ejemplo al abrir la votación); puede repetirse.
        Código de salida: 0 íntegra, 1 alterada, 2 no se pudo verificar (opciones mal escritas, archivos que no se
        leen, una Jornada que no existe, un archivo boletas-ID.csv o registro-ID.csv de otra Jornada que la del sello,
        o un hash anotado que no se pudo comprobar: el de otro evento como hash del cierre, o cualquiera sin --record).
        """;

    // Strict: the web defaults read «"recordPosition": "10"» as 10, while the page and the shell, which read a number
    // only, skipped it (ReadSeal names it).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is [("-h" or "--help" or "help")])
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        var (options, wrong) = ParseOptions(args);
        if (wrong is not null)
        {
            // A mistyped --expected-seal used to be ignored, and the export then passed without the one check it asked for.
            await error.WriteLineAsync(wrong);
            await error.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            // The seal sheet prints a hash in groups of eight, and the IEEQ copies it so: the spaces are not part of it.
            var expected = Compact(One(options, "expected-seal"));
            var noted = (options.GetValueOrDefault("noted") ?? []).Select(h => Compact(h)!).ToList();
            if (new[] { expected }.Concat(noted).FirstOrDefault(h => h is not null && !IsHash(h)) is { } notAHash)
            {
                await error.WriteLineAsync($"«{notAHash}» no es un hash: un hash anotado tiene 64 caracteres, números del 0 al 9 y letras de la a a la f.");
                return 2;
            }
            // .NET's own words for a file it cannot open were English («Access to the path '…' is denied.» for a folder,
            // «no existe el archivo «Could not find a part of the path…»» for a missing folder): each file is tried first.
            if (new[] { "ballots", "seal", "record" }.Select(o => One(options, o)).OfType<string>().Select(Unreadable).FirstOrDefault(r => r is not null) is { } unreadable)
            {
                await error.WriteLineAsync($"No se pudo verificar: {unreadable}");
                return 2;
            }
            Guid jornadaId;
            AuditVerification report;
            ExportedSeal? seal;
            string? foreignFile = null;
            if (One(options, "ballots") is { } ballotsPath)
            {
                if (One(options, "seal") is not { } sealPath)
                {
                    await error.WriteLineAsync("Falta --seal sello.json (lo entrega GET /api/jornadas/{id}/audit/seal).");
                    return 2;
                }
                seal = ReadSeal(await File.ReadAllTextAsync(sealPath));
                jornadaId = seal.JornadaId;
                if (MixedUp(ballotsPath, One(options, "record"), jornadaId) is { } mixUp)
                {
                    await error.WriteLineAsync($"No se pudo verificar: {mixUp}");
                    // The hash the IEEQ noted at the close still says something of the seal in hand: one that carries
                    // neither is a finding (exit 1), whoever named the files.
                    if (expected is not null && !SealCarries(seal, expected))
                    {
                        await output.WriteLineAsync($"HASH ANOTADO NO COINCIDE: el hash anotado al cierre ({expected.Trim().ToLowerInvariant()}) no es el sello " +
                                                    "del registro ni el hash final de las boletas que dice este sello: el sello es de otra Jornada o se rehízo.");
                        return 1;
                    }
                    return 2;
                }
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
                foreignFile = ForeignFile(report, seal, report.FirstBreak?.Position == 1 ? LastStoredHash(ballotsPath) : null, record);
            }
            else if (One(options, "database") is { } connectionString)
            {
                if (One(options, "jornada") is not { } id)
                {
                    await error.WriteLineAsync("Falta --jornada ID (el identificador de la Jornada).");
                    return 2;
                }
                if (!Guid.TryParse(id, out jornadaId))
                {
                    await error.WriteLineAsync($"«{id}» no es un identificador de Jornada: tiene la forma 3f2b1c4d-0000-4000-8000-000000000000.");
                    return 2;
                }
                var schema = One(options, "schema") ?? "gobiernoabierto";
                if (!StartupFailure.Parses(connectionString))
                {
                    await error.WriteLineAsync("No se pudo verificar: --database no es una cadena de conexión de Npgsql; escríbala como " +
                        "«Host=…;Port=5432;Database=…;Username=…;Password=…».");
                    return 2;
                }
                await using var connection = new NpgsqlConnection(connectionString);
                try
                {
                    await connection.OpenAsync();
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    // Npgsql's own words were in English («Failed to connect to 127.0.0.1:1», «password authentication failed»).
                    await error.WriteLineAsync("No se pudo verificar: " + StartupFailure.WhyRefused(e, new NpgsqlConnectionStringBuilder(connectionString),
                        "(--database)", "Vuelva a ejecutar verify"));
                    return 2;
                }
                if (await StreamAbsence(connection, schema, jornadaId) is { } absent)
                {
                    // Before, a mistyped id answered «REGISTRO ALTERADO… el registro está vacío» (exit 1): a false alarm.
                    await error.WriteLineAsync($"No se pudo verificar: {absent}");
                    return 2;
                }
                using var store = AuditRecords.OpenStore(connectionString, schema);
                (report, seal) = await AuditRecords.VerifyStoredAsync(store, connection, new VotingTables(schema), jornadaId, expected, noted);
                if (seal is null) await output.WriteLineAsync("Aviso: la Jornada no está sellada; se verifican la cadena y el registro hasta hoy.");
            }
            else if (One(options, "record") is { } alonePath && !options.ContainsKey("seal"))
            {
                // A record on its own: a withdrawn Jornada's (no ballots, no seal), or one downloaded during the vote. Until
                // 2026-12-07 this answered «Faltan archivos…» (exit 2), though the desk offers it as «el registro definitivo».
                if (One(options, "jornada") is { } id ? !Guid.TryParse(id, out jornadaId) : NamedJornada(alonePath) is not { } named || (jornadaId = named) == Guid.Empty)
                {
                    await error.WriteLineAsync(One(options, "jornada") is { } typed
                        ? $"«{typed}» no es un identificador de Jornada: tiene la forma 3f2b1c4d-0000-4000-8000-000000000000."
                        : $"No se pudo verificar: el nombre «{Path.GetFileName(alonePath)}» no trae el identificador de la Jornada, que entra en el hash de " +
                          "cada evento: dé --jornada ID, o use el archivo con el nombre con que se descargó (registro-ID.csv).");
                    return 2;
                }
                using var aloneReader = new StreamReader(alonePath);
                var facts = AuditRecords.ParseRecordCsv(aloneReader).ToList();
                report = AuditVerifier.VerifyRecord(jornadaId, facts, expected, noted);
                // A --jornada typed over a record whose name carries another id, under which its chain holds: a mistyped
                // or mixed-up id, not an altered record (as --database says of an id it cannot find). Exit 2, not «ALTERADO».
                if (!report.Intact && NamedJornada(alonePath) is { } inName && inName != jornadaId && RecordVerifier.Verify(inName, facts).Intact)
                {
                    await error.WriteLineAsync($"No se pudo verificar: el registro «{Path.GetFileName(alonePath)}» es de la Jornada {inName} (su cadena " +
                        $"se verifica con ese identificador), no de la Jornada {jornadaId} que dio --jornada. Revise el identificador, o quite --jornada.");
                    return 2;
                }
                await WriteRecordAloneAsync(output, jornadaId, report, facts.LastOrDefault()?.Type);
                return report.Intact ? 0 : report.OnlyMisplacedNote ? 2 : 1;
            }
            else
            {
                await error.WriteLineAsync((args.Length == 0 ? "Falta qué verificar:" : "Faltan archivos o la base que verificar:") +
                    " --ballots, --seal y --record de la exportación, --record solo, o --database con --jornada." + Environment.NewLine);
                await error.WriteLineAsync(Usage);
                return 2;
            }

            await WriteAsync(output, jornadaId, seal, report, fromFile: options.ContainsKey("ballots"), expectedSeal: expected is not null, foreignFile);
            return report.Intact ? 0 : report.OnlyMisplacedNote ? 2 : 1;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await error.WriteLineAsync($"No se pudo verificar: no existe el archivo «{(e as FileNotFoundException)?.FileName ?? e.Message}».");
            return 2;
        }
        catch (JsonException)
        {
            await error.WriteLineAsync("No se pudo verificar: el sello no es un archivo JSON válido (¿es el sello.json de la exportación?).");
            return 2;
        }
        catch (Exception e) when (e is IOException or FormatException or NpgsqlException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"No se pudo verificar: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// Why the ballots or the record are another Jornada's than the seal's, when that is shown rather than guessed: the
    /// file carries the id the service names its downloads with (boletas-{id}.csv, registro-{id}.csv), another than the
    /// seal's, and its whole chain holds under that id. Then two exports were mixed up, and nothing can be checked (exit
    /// 2). A chain that merely fails under the seal's id is reported as altered (exit 1) however it fails: changing two
    /// ballots makes them fail just as another Jornada's would, so failing is no evidence of a mix-up.
    /// </summary>
    private static string? MixedUp(string ballotsPath, string? recordPath, Guid sealedJornada)
    {
        try
        {
            if (NamedJornada(ballotsPath) is { } ballots && ballots != sealedJornada)
            {
                using var reader = new StreamReader(ballotsPath);
                if (ChainVerifier.Verify(ballots, AuditRecords.ParseCsv(reader), seal: null) is { Intact: true, BallotsChecked: > 0 }) // none hold under any id
                    return $"el archivo de boletas «{Path.GetFileName(ballotsPath)}» es de la Jornada {ballots} (su cadena se verifica con ese " +
                           $"identificador) y el sello, de la Jornada {sealedJornada}. Use el sello, las boletas y el registro de una misma exportación.";
            }
            if (recordPath is not null && NamedJornada(recordPath) is { } record && record != sealedJornada)
            {
                using var reader = new StreamReader(recordPath);
                if (RecordVerifier.Verify(record, AuditRecords.ParseRecordCsv(reader)).Intact)
                    return $"el registro «{Path.GetFileName(recordPath)}» es de la Jornada {record} (su cadena se verifica con ese identificador) " +
                           $"y el sello, de la Jornada {sealedJornada}. Use el sello, las boletas y el registro de una misma exportación.";
            }
        }
        catch (FormatException)
        {
            // An unreadable file is for the ordinary check to name.
        }
        return null;
    }

    private static bool SealCarries(ExportedSeal seal, string noted) =>
        string.Equals(seal.RecordHash, noted.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(seal.FinalHash, noted.Trim(), StringComparison.OrdinalIgnoreCase);

    private static Guid? NamedJornada(string path) =>
        JornadaInName().Match(Path.GetFileName(path)) is { Success: true } m ? Guid.Parse(m.Value) : null;

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial System.Text.RegularExpressions.Regex JornadaInName();

    private static readonly string[] Known = ["ballots", "seal", "record", "expected-seal", "noted", "database", "jornada", "schema"];

    private static string? Compact(string? hash) => hash is null ? null : NotedHash.Compact(hash);

    private static bool IsHash(string text) => NotedHash.IsHash(text);

    /// <summary>Why the Jornada cannot be read from this database (no such schema, no such Jornada), or null.</summary>
    private static async Task<string?> StreamAbsence(NpgsqlConnection connection, string schema, Guid jornadaId)
    {
        await using var tables = new NpgsqlCommand("select to_regclass($1) is not null", connection) { Parameters = { new() { Value = $"{schema}.mt_streams" } } };
        if (await tables.ExecuteScalarAsync() is not true)
            return $"el esquema «{schema}» de esa base de datos no tiene el registro de GobiernoAbierto (revise --schema; el del servicio es gobiernoabierto).";
        // Any event a Jornada's stream holds makes it one to check: a record whose creation was deleted is then named as
        // altered («Falta el evento 1»), not said to be missing. Only an id with no events, or only another stream's
        // (a process's, a proposal's), is no Jornada.
        await using var stream = new NpgsqlCommand($"""
            select count(*), count(*) filter (where type = any($2)) from {Quoted(schema)}.mt_events where stream_id = $1
            """, connection)
            { Parameters = { new() { Value = jornadaId }, new() { Value = AuditRecords.StreamEventTypes.Select(t => t.GetEventTypeName()).ToArray() } } };
        await using var counts = await stream.ExecuteReaderAsync();
        await counts.ReadAsync();
        var (events, jornadaEvents) = (counts.GetInt64(0), counts.GetInt64(1));
        return events == 0 ? $"no existe una Jornada con el identificador {jornadaId} en esa base de datos."
            : jornadaEvents == 0 ? $"el identificador {jornadaId} es de otro registro de esa base de datos (un proceso, una propuesta…), no de una Jornada."
            : null;
    }

    private static string Quoted(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

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
        // «"ballotCount": 14.0» is 14 for JSON, and was for verificar.html, while this read failed (exit 2) and the shell
        // found no count: a number written otherwise than the service writes it is a finding, the seal read with its value.
        // So is a hash in capitals, which the shell compares as written (ExportHashes).
        // The close's place in the record in quotes («"recordPosition": "10"») was read as 10 here and skipped by the page
        // and the shell: a seal with its close moved so passed two of the three. A number in quotes is written otherwise
        // too; the seal is read without it, as the page reads it.
        var quoted = root.TryGetProperty("recordPosition", out var position) && position.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null)
            ? position.GetRawText() : null;
        var odd = ExportNumbers.FirstNotCanonical(root);
        if (odd is null && quoted is null)
        {
            var seal = root.Deserialize<ExportedSeal>(Json)!;
            var capitals = ExportHashes.HasCapitals(root.GetProperty("jornadaId").GetString()) ? "jornadaId"
                : ExportHashes.HasCapitals(seal.FinalHash) ? "finalHash" : ExportHashes.HasCapitals(seal.RecordHash) ? "recordHash" : null;
            return capitals is null ? seal : seal with
            {
                NotCanonical = $"El sello (sello.json) escribe «{capitals}» con mayúsculas: {ExportHashes.Rule}. No es el sello que entregó el servicio.",
            };
        }
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        Whole(node);
        if (quoted is not null) node["recordPosition"] = null;
        var (named, written) = odd is { } number ? (number.Name is { } name ? $"«{name}»" : "un número", number.Written) : ("«recordPosition»", quoted!);
        return node.Deserialize<ExportedSeal>(Json)! with
        {
            NotCanonical = $"El sello (sello.json) escribe {named} como «{written}»: {ExportNumbers.Rule}. No es el sello que entregó el servicio.",
        };
    }

    /// <summary>Every number of a seal read as the whole number it says (14.0 → 14), for the rest of the check to compare.</summary>
    private static void Whole(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is System.Text.Json.Nodes.JsonObject o)
            foreach (var (name, value) in o.ToList())
                if (value is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == JsonValueKind.Number)
                    o[name] = v.TryGetValue<decimal>(out var d) && decimal.Truncate(d) is var t && t >= long.MinValue && t <= long.MaxValue ? (long)t : 0;
                else Whole(value);
        else if (node is System.Text.Json.Nodes.JsonArray a)
            foreach (var item in a) Whole(item);
    }

    /// <param name="fromFile">
    /// The ballots came from an export: a break at a row also names its line in the file (the header is line 1), as
    /// verificar.html does; one found after the last row (a count or hash against the seal) names none.
    /// </param>
    /// <param name="expectedSeal">The hash noted at the close was given (--expected-seal).</param>
    /// <param name="foreignFile">The note for one file that is likely another Jornada's (ForeignFile), or null.</param>
    private static async Task WriteAsync(TextWriter output, Guid jornadaId, ExportedSeal? seal, AuditVerification report, bool fromFile,
        bool expectedSeal, string? foreignFile = null)
    {
        // What was recomputed comes from the files' facts, never from the seal file, which may be the one altered (its
        // title, or a count of 0 for an option no ballot had, were printed as the Jornada's and as recomputed).
        var title = report.Record?.Title ?? seal?.Title;
        await output.WriteLineAsync($"Jornada {jornadaId}{(title is null ? "" : $" «{title}»")}");
        // The same words and numbers as verificar.html: up to a break, what was checked is what held before it.
        var untilBreak = report.FirstBreak is null ? "" : " (hasta la ruptura)";
        await output.WriteLineAsync($"Boletas revisadas{untilBreak}: {report.BallotsChecked}");
        var onBallot = report.Record?.Sealed?.Counts.Keys.ToHashSet();
        await output.WriteLineAsync($"Cómputo recalculado{untilBreak}: " +
            string.Join(", ", report.Counts.Where(c => c.Value > 0 || onBallot is null || onBallot.Contains(c.Key)).Select(c => $"{c.Key}={c.Value}")));
        await output.WriteLineAsync($"Hash final de las boletas{untilBreak}: {report.FinalHash}");
        if (report.SealFile is { } sealWritten)
        {
            await output.WriteLineAsync("EL SELLO (sello.json) NO ES EL QUE ESCRIBIÓ EL SERVICIO:");
            await output.WriteLineAsync("  " + sealWritten);
        }
        if (report.FirstBreak is { } broken)
        {
            await output.WriteLineAsync($"ALTERADA. Primera ruptura en la fila {broken.Row}" + (fromFile && broken.Receipt is not null ? $" (línea {broken.Row + 1} del archivo)" : "") +
                                        (broken.Position is { } p ? $", posición {p}" : "") +
                                        (broken.Receipt is { } r ? $", recibo {r}" : "") + ":");
            await output.WriteLineAsync("  " + broken.Reason);
        }
        if (report.Record is { } record)
        {
            await output.WriteLineAsync($"Eventos del registro revisados{(record.FirstBreak is null or { SealAltered: true } ? "" : " (hasta la ruptura)")}: {record.FactsChecked}");
            await output.WriteLineAsync($"Sello del registro recalculado (el cierre{(record.SealPosition is { } at ? $", evento {at}" : "")}): " +
                                        (record.SealHash ?? (record.FirstBreak is null ? "sin cierre" : "no se llegó al cierre")));
            if (record.FirstBreak is { SealAltered: true } sealFile)
            {
                await output.WriteLineAsync($"EL SELLO (sello.json) NO CONCUERDA con el cierre del registro (evento {sealFile.Position}), que concuerda con las boletas:");
                await output.WriteLineAsync("  " + sealFile.Reason);
            }
            else if (record.FirstBreak is { AgainstSeal: true } disagreement)
            {
                await output.WriteLineAsync($"EL REGISTRO Y EL SELLO NO CONCUERDAN en el cierre (evento {disagreement.Position}): uno de los dos se alteró, " +
                                            "o las boletas junto con el sello; el hash anotado al cierre (--expected-seal) dice cuál:");
                await output.WriteLineAsync("  " + disagreement.Reason);
            }
            else if (record.FirstBreak is { } fact)
            {
                await output.WriteLineAsync("REGISTRO ALTERADO. Primera ruptura" +
                                            (fact.Position is { } p ? $" en el evento {p}" : "") + (fact.Type is { } t ? $" ({GobiernoAbierto.Jornadas.JornadaRecord.SpanishName(t)})" : "") +
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
            await output.WriteLineAsync((anchor.Matches ? "" : anchor.Misplaced ? "HASH ANOTADO DE OTRO EVENTO: "
                : anchor.Unchecked ? "HASH ANOTADO SIN COMPROBAR: " : "HASH ANOTADO NO COINCIDE: ") + anchor.Message);
        if (fromFile && MixUpPossible(report))
            await output.WriteLineAsync("Nota: con el sello de otra Jornada, la primera boleta y el primer evento tampoco dan su hash. " +
                                        "Si no está seguro de que los tres archivos vengan de la misma exportación, descárguelos de nuevo juntos.");
        else if (foreignFile is not null)
            await output.WriteLineAsync("Nota: " + foreignFile);
        if (report.Intact)
            await output.WriteLineAsync(seal is null
                ? "ÍNTEGRA: la cadena y el registro se recalcularon sin rupturas."
                : report.Record is null
                    ? "ÍNTEGRA: la cadena, el número de boletas, el hash final y el cómputo coinciden con el sello."
                    : "ÍNTEGRA: la cadena, el número de boletas, el hash final, el cómputo y el registro de la Jornada coinciden con el sello.");
        // After a break, the lines above can end with a noted hash that matches: the verdict comes last, as the shell's does.
        if (report.OnlyUncheckedNote)
            await output.WriteLineAsync("NO SE PUDO COMPROBAR lo anotado: sin el registro (--record registro.csv) ningún hash anotado se compara con nada " +
                                        "recalculado (arriba). Lo demás concuerda; verifique de nuevo con el registro antes de certificar.");
        else if (report.OnlyMisplacedNote)
            await output.WriteLineAsync("NO SE PUDO COMPROBAR el hash del cierre: lo que se escribió como tal es el de otro evento (arriba). " +
                                        "Lo demás concuerda; verifique de nuevo con el sello del registro anotado al cerrar antes de certificar.");
        else if (!report.Intact)
            await output.WriteLineAsync($"NO ÍNTEGRA: no certifique con {(fromFile ? "estos archivos" : "lo que guarda esta base")}; lo señalado arriba dice qué no concuerda.");
        // Files (or a database) rewritten whole, ballots, chains, closing fact and seal recomputed, agree with themselves:
        // only the hash noted at the close tells them from the real ones. verificar.html says the same.
        else if (seal is not null && !expectedSeal)
            await output.WriteLineAsync("Aviso: sin el hash anotado al cierre (--expected-seal), esto prueba que " +
                (fromFile ? "los archivos concuerdan entre sí" : "lo que guarda esta base concuerda consigo mismo") +
                "; el hash anotado prueba además que no se rehicieron.");
    }

    /// <summary>A record checked on its own: what was checked, how it ends, what was not, and the verdict last (verificar.js says the same).</summary>
    private static async Task WriteRecordAloneAsync(TextWriter output, Guid jornadaId, AuditVerification report, string? lastType)
    {
        var record = report.Record!;
        await output.WriteLineAsync($"Jornada {jornadaId}{(record.Title is null ? "" : $" «{record.Title}»")}");
        await output.WriteLineAsync("Solo el registro de la Jornada: sin boletas ni sello.");
        await output.WriteLineAsync($"Eventos del registro revisados{(record.FirstBreak is null ? "" : " (hasta la ruptura)")}: {record.FactsChecked}");
        await output.WriteLineAsync($"Hash del último evento revisado: {record.Head}");
        if (record.FirstBreak is { } fact)
        {
            await output.WriteLineAsync("REGISTRO ALTERADO. Primera ruptura" +
                                        (fact.Position is { } p ? $" en el evento {p}" : "") + (fact.Type is { } t ? $" ({GobiernoAbierto.Jornadas.JornadaRecord.SpanishName(t)})" : "") +
                                        (fact.Line is { } l ? $", línea {l} del archivo" : "") + ":");
            await output.WriteLineAsync("  " + fact.Reason);
            if (fact.Position == 1)
                await output.WriteLineAsync("Nota: el registro de otra Jornada tampoco da su hash en el primer evento: compruebe que el identificador " +
                                            $"({jornadaId}) es el de la Jornada de este registro.");
        }
        foreach (var anchor in report.Anchors)
            await output.WriteLineAsync((anchor.Matches ? "" : anchor.Misplaced ? "HASH ANOTADO DE OTRO EVENTO: "
                : anchor.Unchecked ? "HASH ANOTADO SIN COMPROBAR: " : "HASH ANOTADO NO COINCIDE: ") + anchor.Message);
        if (record.Intact) await output.WriteLineAsync(AuditVerifier.RecordAloneEnd(record, lastType));
        if (report.Intact)
            await output.WriteLineAsync("ÍNTEGRO: el registro de la Jornada se recalculó sin rupturas (su cadena, su codificación y las reglas de la Jornada)" +
                                        (report.Anchors.Count > 0 ? " y cada hash anotado es uno de sus eventos." : ".") +
                                        (report.Anchors.Count == 0 ? " Aviso: sin un hash anotado, esto prueba que el registro concuerda consigo mismo; el hash anotado prueba además que no se rehízo." : ""));
        else if (report.OnlyUncheckedNote)
            await output.WriteLineAsync("NO SE PUDO COMPROBAR lo anotado: el registro concuerda, pero el hash final de las boletas se comprueba con las " +
                                        "boletas y el sello (arriba).");
        else if (report.OnlyMisplacedNote)
            await output.WriteLineAsync("NO SE PUDO COMPROBAR el hash del cierre: lo que se escribió como tal es el de otro evento (arriba). " +
                                        "El registro concuerda; escríbalo con --noted.");
        else
            await output.WriteLineAsync("NO ÍNTEGRO: no certifique con este registro; lo señalado arriba dice qué no concuerda.");
    }

    /// <summary>
    /// One file breaks at its first row and does not end as the seal says: likely another Jornada's, renamed so that its
    /// name no longer tells (MixedUp). A first ballot or event altered in the right file leaves the stored hashes as they
    /// were: the ballots' last is still the seal's final hash, and the record still stores the seal's record hash (at its
    /// close; later acts follow it). A note only, the verdict stays; verificador.js's likelyForeignFile says the same.
    /// </summary>
    private static string? ForeignFile(AuditVerification report, ExportedSeal seal, string? ballotsLastHash, IReadOnlyList<ExportedFact>? record)
    {
        if (MixUpPossible(report)) return null; // every file broken at its first row: the seal's note says it
        if (report.FirstBreak?.Position == 1 && ballotsLastHash != seal.FinalHash) return AuditVerifier.ForeignBallots;
        if (report.Record?.FirstBreak?.Position == 1 && seal.RecordHash is { } sealHash && record is not null && !record.Any(f => f.Hash == sealHash))
            return AuditVerifier.ForeignRecord;
        return null;
    }

    /// <summary>The hash the ballots file stores on its last row (its last column); read again only after a break at its first row.</summary>
    private static string? LastStoredHash(string path) => File.ReadLines(path).LastOrDefault(l => l.Trim().Length > 0)?.Trim().Split(',')[^1];

    /// <summary>
    /// Whether a seal of another Jornada could explain the breaks: its id enters the hash of the first ballot and of the
    /// first event, so it breaks every file at its first row. A file that holds past it was hashed under the seal's id, and
    /// the note sent an auditor whose first ballot alone was altered to download the files again (verificar.js's the same).
    /// </summary>
    private static bool MixUpPossible(AuditVerification report)
    {
        var ballotsHeld = report.FirstBreak is null ? report.BallotsChecked > 0 : report.FirstBreak.Position > 1;
        var recordHeld = report.Record is { } record && (record.FirstBreak is null ? record.FactsChecked > 0 : record.FirstBreak.Position > 1);
        return !ballotsHeld && !recordHeld && (report.FirstBreak?.Position == 1 || report.Record?.FirstBreak?.Position == 1);
    }

    /// <summary>Why the file at this path cannot be read, in Spanish; null when it opens.</summary>
    private static string? Unreadable(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return $"«{full}» es una carpeta, no un archivo: dé la ruta de cada archivo descargado (boletas-ID.csv, sello-ID.json, registro-ID.csv).";
        try
        {
            using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"no existe el archivo «{full}».";
        }
        catch (UnauthorizedAccessException)
        {
            return $"no tiene permiso para leer el archivo «{full}»; cópielo a una carpeta suya o pida acceso a quien administra el equipo.";
        }
        catch (IOException)
        {
            return $"no se pudo abrir el archivo «{full}»: si otro programa lo tiene abierto (una hoja de cálculo, por ejemplo), ciérrelo y vuelva a ejecutar verify.";
        }
    }

    private static string? One(Dictionary<string, List<string>> options, string name) => options.GetValueOrDefault(name)?.LastOrDefault();

    /// <summary>The options by name, or why they cannot be taken: an unknown or repeated option, one without its value, ballots and database both.</summary>
    private static (Dictionary<string, List<string>> Options, string? Wrong) ParseOptions(string[] args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return (options, $"«{args[i]}» no es una opción: las opciones empiezan con -- (por ejemplo --seal sello.json).");
            var name = args[i][2..];
            if (!Known.Contains(name, StringComparer.OrdinalIgnoreCase))
                return (options, $"Opción desconocida: {args[i]}." + (Closest(name) is { } meant ? $" ¿Quiso decir --{meant}?" : ""));
            // An empty one too («--ballots ""», a variable left unset in a script): it reached .NET's path handling unanswered.
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(args[i + 1]))
                return (options, $"Falta el valor de {args[i]}.");
            if (!options.TryGetValue(name, out var values)) options[name] = values = [];
            else if (!name.Equals("noted", StringComparison.OrdinalIgnoreCase))
                return (options, $"{args[i]} se dio dos veces; solo --noted puede repetirse.");
            values.Add(args[++i]);
        }
        if (options.ContainsKey("ballots") && options.ContainsKey("database"))
            return (options, "Use --ballots (los archivos exportados) o --database (la base de datos), no los dos.");
        return (options, null);
    }

    /// <summary>The known option a mistyped one was most likely meant to be: at most two letters off.</summary>
    private static string? Closest(string typed) => Known
        .Select(k => (Known: k, Distance: Distance(typed.ToLowerInvariant(), k)))
        .Where(k => k.Distance <= 2).OrderBy(k => k.Distance).Select(k => k.Known).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
