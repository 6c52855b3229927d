using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The README's "With nothing but a shell" block, run as written with bash on a real export: an IEEQ auditor's check that
/// depends on nothing of ours must not call a genuine export altered, nor an altered one intact.
/// </summary>
[Collection(SharedService.Name)]
public sealed partial class when_an_auditor_checks_the_export_with_nothing_but_a_shell(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private sealed record Export(string Ballots, string Seal, string Record, ExportedSeal Parsed);

    private async Task<Export> ExportOfAClosedJornadaAsync()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        for (var i = 0; i < 5; i++)
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), i % 3 == 0 ? "B" : "A"));
        await _api.CloseAsync(id);
        var seal = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/seal");
        return new Export(
            await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv"),
            seal,
            await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"),
            JsonSerializer.Deserialize<ExportedSeal>(seal, JsonSerializerOptions.Web)!);
    }

    private static string Recipe()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "README.md"));
        var section = readme[readme.IndexOf("#### With nothing but a shell", StringComparison.Ordinal)..];
        return ShellBlock().Match(section).Groups[1].Value;
    }

    /// <summary>
    /// The recipe run by bash as `bash verifica.sh boletas-ID.csv sello-ID.json registro-ID.csv`, on the three files named
    /// as the desk downloads them (whatever bytes the test gives them; a null one is not there).
    /// </summary>
    private static async Task<(string Output, int ExitCode)> RunRecipeAsync(string? ballots, string seal, string? record)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-shell-");
        var id = Guid.NewGuid();
        string[] names = [$"boletas-{id}.csv", $"sello-{id}.json", $"registro-{id}.csv"];
        foreach (var (name, text) in names.Zip([ballots, seal, record]))
            if (text is not null) await File.WriteAllTextAsync(Path.Combine(folder.FullName, name), text);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.FullName };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Recipe());
        start.ArgumentList.Add("verifica.sh");
        foreach (var name in names) start.ArgumentList.Add(name);
        using var bash = System.Diagnostics.Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("", await error);
        return (await output, bash.ExitCode);
    }

    private static async Task<int> VerifyAsync(string ballots, string seal, string record) => (await VerifyWithOutputAsync(ballots, seal, record)).ExitCode;

    /// <summary>
    /// verificar.html's verifier, js/verificador.js, run by Node on the same files (README: it runs under Node 20 for a
    /// batch of files): whether it calls them intact, and each finding's reason (the seal's, the ballots', the record's).
    /// </summary>
    private static async Task<(bool Intact, string Reasons)> VerifierPageAsync(string ballots, string seal, string record) =>
        (await VerifierPageNotedAsync(ballots, seal, record, "")) is var (intact, reasons, _) ? (intact, reasons) : default;

    /// <summary>The same, with the hash noted at the close typed in its box: also whether the page says only that note is another fact's.</summary>
    private static async Task<(bool Intact, string Reasons, bool MisplacedNote)> VerifierPageNotedAsync(string ballots, string seal, string record, string expectedSeal)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-page-");
        string[] paths = [Path.Combine(folder.FullName, "boletas.csv"), Path.Combine(folder.FullName, "sello.json"), Path.Combine(folder.FullName, "registro.csv")];
        foreach (var (path, text) in paths.Zip([ballots, seal, record])) await File.WriteAllTextAsync(path, text);
        const string script = """
            import { readFileSync } from 'node:fs';
            import { webcrypto } from 'node:crypto';
            globalThis.crypto ??= webcrypto; // Node 18 (Debian 12's) has no global Web Crypto; 20 has
            const [module, expectedSeal, ...files] = process.argv.slice(1);
            const v = await import(module);
            const [ballotsText, sealText, recordText] = files.map(f => readFileSync(f, 'utf8'));
            try {
              const r = await v.verifyExport({ ballotsText, sealText, recordText, expectedSeal });
              const reasons = [r.mixUp, r.sealFile?.reason, r.ballots?.break?.reason, r.record?.break?.reason,
                ...(r.anchors ?? []).filter(a => !a.matches).map(a => a.message)].filter(Boolean);
              console.log(JSON.stringify({ intact: r.intact, reasons: reasons.join('\n'), misplacedNote: Boolean(r.misplacedNote) }));
            } catch (e) {
              if (!(e instanceof v.UnreadableFile)) throw e;
              console.log(JSON.stringify({ intact: false, reasons: 'ILEGIBLE: ' + e.message }));
            }
            """;
        var r = await RunVerificadorAsync(folder, script, [expectedSeal, .. paths]);
        return (r.GetProperty("intact").GetBoolean(), r.GetProperty("reasons").GetString()!,
            r.TryGetProperty("misplacedNote", out var misplaced) && misplaced.GetBoolean());
    }

    /// <summary>
    /// js/verificador.js under Node: <paramref name="script"/> (an ES module) run with the module's URL and then
    /// <paramref name="arguments"/>; what it printed, as JSON.
    /// </summary>
    private static async Task<JsonElement> RunVerificadorAsync(DirectoryInfo folder, string script, IEnumerable<string> arguments)
    {
        // As .mjs: Node reads a .js of no package as a module only from 20.19 on (Debian 12's is 18).
        var module = Path.Combine(folder.FullName, "verificador.mjs");
        File.Copy(Path.Combine(RepositoryFiles.Root(), "src/GobiernoAbierto/wwwroot/js/verificador.js"), module);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--input-type=module", "-e", script, new Uri(module).AbsoluteUri }.Concat(arguments))
            start.ArgumentList.Add(argument);
        using var node = System.Diagnostics.Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(node.ExitCode == 0, await error);
        using var answer = JsonDocument.Parse(await output);
        return answer.RootElement.Clone();
    }

    private static async Task<(int ExitCode, string Output)> VerifyWithOutputAsync(string ballots, string seal, string record)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-verify-");
        string Write(string name, string text)
        {
            var path = Path.Combine(folder.FullName, name);
            File.WriteAllText(path, text);
            return path;
        }
        var output = new StringWriter();
        var exitCode = await VerifyCommand.RunAsync(
            ["--ballots", Write("boletas.csv", ballots), "--seal", Write("sello.json", seal), "--record", Write("registro.csv", record)], output, output);
        return (exitCode, output.ToString());
    }

    private static string Crlf(string text) => text.Replace("\n", "\r\n");

    private static string WithoutLastNewline(string text) => text.TrimEnd('\n');

    /// <summary>The last line's field changed to another value of the same shape, as a forger would.</summary>
    private static string ChangeLastLine(string csv, int field, Func<string, string> change)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        var fields = lines[^1].Split(',');
        fields[field] = change(fields[field]);
        lines[^1] = string.Join(',', fields);
        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public async Task a_genuine_export_is_intact_and_the_figures_it_prints_are_the_seals()
    {
        var export = await ExportOfAClosedJornadaAsync();

        var (output, exitCode) = await RunRecipeAsync(export.Ballots, export.Seal, export.Record);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("NO ÍNTEGRA", output);
        Assert.Contains("cadena íntegra", output);
        Assert.Contains("registro íntegro", output);
        Assert.Contains($"{export.Parsed.Counts["A"]} A", output);
        Assert.Contains($"{export.Parsed.Counts["B"]} B", output);
        Assert.Contains(export.Parsed.FinalHash, output);
        Assert.Contains(export.Parsed.RecordHash!, output);
        Assert.Contains($"jornada_closed,{export.Parsed.RecordHash}", output); // the last fact, here the close
    }

    [Fact]
    public async Task the_seal_indented_line_ends_of_a_spreadsheet_a_missing_last_newline_and_a_trailing_blank_line_change_nothing()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var indented = JsonSerializer.Serialize(JsonDocument.Parse(export.Seal), new JsonSerializerOptions { WriteIndented = true });
        Assert.Contains("\"jornadaId\": \"", indented);
        var tabbed = JsonSerializer.Serialize(JsonDocument.Parse(export.Seal), new JsonSerializerOptions { WriteIndented = true, IndentCharacter = '\t', IndentSize = 1 });
        Assert.Contains("\t\"jornadaId\"", tabbed);

        foreach (var (ballots, seal, record) in new[]
        {
            (export.Ballots, indented, export.Record),
            (export.Ballots, tabbed, export.Record),
            (Crlf(export.Ballots), export.Seal, Crlf(export.Record)),
            (WithoutLastNewline(export.Ballots), export.Seal, WithoutLastNewline(export.Record)),
            (export.Ballots + "\n", export.Seal, export.Record + "\n"),
        })
        {
            var (output, exitCode) = await RunRecipeAsync(ballots, seal, record);
            Assert.Equal(0, exitCode);
            Assert.Contains("cadena íntegra", output);
            Assert.Contains("registro íntegro", output);
            Assert.DoesNotContain("RUPTURA", output);
            Assert.Equal(0, await VerifyAsync(ballots, seal, record)); // verify reads these files the same way
        }
    }

    [Fact]
    public async Task the_last_ballot_or_fact_changed_in_a_file_without_its_last_newline_is_caught()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var ballots = WithoutLastNewline(ChangeLastLine(export.Ballots, 3, kiosk => kiosk + "-otro"));
        var record = WithoutLastNewline(ChangeLastLine(export.Record, 2, fields => fields.Replace("closedBy=", "closedBy=X")));
        Assert.NotEqual(export.Record.TrimEnd('\n'), record);

        var (output, exitCode) = await RunRecipeAsync(ballots, export.Seal, record);

        Assert.Equal(1, exitCode);
        Assert.EndsWith("No certifique con estos archivos.", output.TrimEnd());
        Assert.Contains($"ALTERADA la boleta {export.Parsed.BallotCount}", output);
        Assert.DoesNotContain("cadena íntegra", output);
        Assert.Contains($"ALTERADO el evento {export.Parsed.RecordPosition} (jornada_closed)", output);
        Assert.DoesNotContain("registro íntegro", output);
        Assert.Equal(1, await VerifyAsync(ballots, export.Seal, record));
    }

    [Fact]
    public async Task a_ballot_removed_from_the_middle_is_a_break()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var lines = export.Ballots.Split('\n').ToList();
        lines.RemoveAt(3);

        var (output, exitCode) = await RunRecipeAsync(string.Join('\n', lines), export.Seal, export.Record);

        Assert.Contains("RUPTURA en la fila 3 (posición 4)", output);
        Assert.DoesNotContain("cadena íntegra", output);
        // The record is intact and says so, but the answer is the ballots': a script that reads only the status, or an
        // auditor who reads only the last lines, is told (a status 0 here let an altered export pass, 2026-12-05).
        Assert.Contains("registro íntegro", output);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("NO ÍNTEGRA", output.TrimEnd().Split('\n')[^1]);
    }

    /// <summary>
    /// The last ballot cut off: every link that is left holds, so only the seal's final hash shows what is missing. The
    /// block compares it itself, so its status alone tells an altered export (2026-12-05: it printed both for the eye).
    /// </summary>
    [Fact]
    public async Task the_last_ballot_cut_off_is_caught_against_the_seals_final_hash()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var lines = export.Ballots.TrimEnd('\n').Split('\n');

        var (output, exitCode) = await RunRecipeAsync(string.Join('\n', lines[..^1]) + "\n", export.Seal, export.Record);

        Assert.Contains("cadena íntegra", output);
        Assert.Contains($"El hash final de las boletas ({lines[^2].Split(',')[6]}) no es el del sello ({export.Parsed.FinalHash}): faltan o sobran boletas al final", output);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("NO ÍNTEGRA", output.TrimEnd().Split('\n')[^1]);
    }

    /// <summary>A ballot copied and chained anew (as the service would mix copies of an urn entry) is told by its repeated receipt.</summary>
    [Fact]
    public async Task a_ballot_copied_and_chained_anew_is_told_by_its_repeated_receipt()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var lines = export.Ballots.TrimEnd('\n').Split('\n').ToList();
        var first = lines[1].Split(',');
        var last = lines[^1].Split(',');
        var position = long.Parse(last[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
        lines.Add(string.Join(',', position, first[1], first[2], first[3], first[4], last[6],
            Ballots.BallotChain.Hash(export.Parsed.JornadaId, position, first[1], first[2], first[3], first[4], last[6])));

        var (output, exitCode) = await RunRecipeAsync(string.Join('\n', lines) + "\n", export.Seal, export.Record);

        Assert.Contains("cadena íntegra", output); // every link and hash holds: only the receipt tells
        Assert.Contains($"El recibo {first[4]} aparece en más de una boleta: se copió una boleta", output);
        Assert.Equal(1, exitCode);
    }

    /// <summary>
    /// A ballot re-attributed to a kiosk the record never registered, both chains and the seal file made to agree: every
    /// link, hash and count holds, and only the record's kiosks tell (the block, like verify, ended with status 0).
    /// </summary>
    [Fact]
    public async Task a_ballot_naming_a_kiosk_the_record_does_not_register_is_told()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var forged = ForgedExport.WithBallot(export.Parsed.JornadaId, export.Ballots, export.Seal, export.Record, 2, "kiosk", "kiosco-fantasma");
        var moved = ForgedExport.WithBallot(export.Parsed.JornadaId, export.Ballots, export.Seal, export.Record, 2, "online", "-");

        var (output, exitCode) = await RunRecipeAsync(forged.Ballots, forged.Seal, forged.Record);

        Assert.Contains("cadena íntegra", output);
        Assert.Contains("registro íntegro", output);
        Assert.Contains("Hay boletas del canal «kiosk» y kiosco «kiosco-fantasma» que el registro no admite", output);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("NO ÍNTEGRA", output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(1, await VerifyAsync(forged.Ballots, forged.Seal, forged.Record));
        // This Jornada has no online voting: a ballot made an online one is told the same way.
        Assert.Contains("Hay boletas del canal «online» y kiosco «-» que el registro no admite", (await RunRecipeAsync(moved.Ballots, moved.Seal, moved.Record)).Output);
        Assert.Equal(1, await VerifyAsync(moved.Ballots, moved.Seal, moved.Record));
    }

    /// <summary>
    /// An empty kiosk field is read as «-» by verify and verificar.html, in the hash too (BallotChain: kiosk "-" when the
    /// export has "-" or nothing). The block hashed it as written, so an online ballot rewritten with an empty kiosk and
    /// hashed so (not canonically) was «cadena íntegra» here and altered for the other two, and the same ballot hashed
    /// with «-» was altered here and held for them (found by differential testing of the three verifiers, 2026-12-06).
    /// </summary>
    [Fact]
    public async Task an_empty_kiosk_field_is_hashed_as_a_dash_as_verify_does()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var hashedEmpty = ForgedExport.WithBallot(export.Parsed.JornadaId, export.Ballots, export.Seal, export.Record, 2, "online", "");
        var hashedDash = ForgedExport.WithBallot(export.Parsed.JornadaId, export.Ballots, export.Seal, export.Record, 2, "online", "-");
        var dashEmptied = hashedDash.Ballots.Replace(",online,-,", ",online,,");
        Assert.NotEqual(hashedDash.Ballots, dashEmptied);

        var (output, exitCode) = await RunRecipeAsync(hashedEmpty.Ballots, hashedEmpty.Seal, hashedEmpty.Record);
        Assert.Contains("ALTERADA la boleta 2", output);
        Assert.DoesNotContain("cadena íntegra", output);
        Assert.Equal(1, exitCode);
        Assert.Equal(1, await VerifyAsync(hashedEmpty.Ballots, hashedEmpty.Seal, hashedEmpty.Record));

        // The canonical hash with the field left empty: the chain holds for all three (this Jornada has no online voting,
        // so the ballot is still refused, by the record's channels, not as altered).
        (output, exitCode) = await RunRecipeAsync(dashEmptied, hashedDash.Seal, hashedDash.Record);
        Assert.Contains("cadena íntegra", output);
        Assert.DoesNotContain("ALTERADA", output);
        Assert.Equal(1, exitCode);
    }

    /// <summary>A file not there (a name mistyped, a download that failed) is said, not checked as empty and called intact.</summary>
    [Fact]
    public async Task a_missing_file_is_named_and_nothing_is_called_intact()
    {
        var export = await ExportOfAClosedJornadaAsync();

        var (output, exitCode) = await RunRecipeAsync(null, export.Seal, export.Record);

        Assert.Equal(2, exitCode);
        Assert.Matches(@"Falta el archivo «boletas-[0-9a-f-]+\.csv» o está vacío\. Uso: bash verifica\.sh", output);
        Assert.DoesNotContain("íntegr", output);
    }

    /// <summary>
    /// A file in another's place (the record where the ballots go) or with another first line is not read by any of the
    /// three: status 2 and the line it should have, never a count of columns or «íntegra». A byte-order mark, which a
    /// spreadsheet's «CSV UTF-8» puts first, changes nothing for any of them.
    /// </summary>
    [Fact]
    public async Task a_file_in_the_wrong_place_or_with_another_first_line_is_read_by_none_and_a_byte_order_mark_changes_nothing()
    {
        var export = await ExportOfAClosedJornadaAsync();
        const string Bom = "\uFEFF";

        var disagreements = new List<string>();
        foreach (var (what, ballots, record, shellSays) in new[]
        {
            ("el registro donde van las boletas", export.Record, export.Ballots, "La primera línea de «boletas-"),
            ("la primera línea de las boletas traducida", "posicion,opcion" + export.Ballots[export.Ballots.IndexOf(",channel", StringComparison.Ordinal)..],
                export.Record, "debe ser «position,option,channel,kiosk,receipt,previous_hash,hash»: ¿es el archivo de boletas?"),
            ("el registro sin su primera línea", export.Ballots, export.Record[(export.Record.IndexOf('\n') + 1)..],
                "debe ser «position,type,fields,previous_hash,hash»: ¿es el registro?"),
        })
        {
            var (shell, shellExit) = await RunRecipeAsync(ballots, export.Seal, record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(ballots, export.Seal, record);
            var (pageIntact, page) = await VerifierPageAsync(ballots, export.Seal, record);
            if (shellExit != 2 || !shell.Contains(shellSays) || shell.Contains("íntegr") || shell.Contains("columnas"))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim()}");
            if (verifyExit != 2 || !verify.Contains("La primera línea"))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim()}");
            if (pageIntact || !page.StartsWith("ILEGIBLE: La primera línea", StringComparison.Ordinal))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }

        var (bomBallots, bomRecord) = (Bom + Crlf(export.Ballots), Bom + Crlf(export.Record));
        var (bomShell, bomShellExit) = await RunRecipeAsync(bomBallots, export.Seal, bomRecord);
        if (bomShellExit != 0) disagreements.Add($"with a byte-order mark: the shell said (exit {bomShellExit}) {bomShell.Trim()}");
        var (bomVerifyExit, bomVerify) = await VerifyWithOutputAsync(bomBallots, export.Seal, bomRecord);
        if (bomVerifyExit != 0) disagreements.Add($"with a byte-order mark: verify said (exit {bomVerifyExit}) {bomVerify.Trim()}");
        var (bomPageIntact, bomPage) = await VerifierPageAsync(bomBallots, export.Seal, bomRecord);
        if (!bomPageIntact) disagreements.Add($"with a byte-order mark: verificar.html said {bomPage}");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>
    /// A forger with the export rewrites the close with other counts and chains the record anew from there (and the seal
    /// file to match): every link holds. The ballots' own count per option does not match the close, and the block says
    /// so (it ended with status 0, printing the forged figures as the close's, for an outside auditor).
    /// </summary>
    [Fact]
    public async Task a_close_forged_with_other_counts_and_chained_anew_does_not_match_the_ballots()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var (a, b) = (export.Parsed.Counts["A"], export.Parsed.Counts["B"]);
        var forgedRecord = Rechained(export.Parsed.JornadaId, export.Record.Replace(
            $"counts.A=i:{a};counts.B=i:{b}", $"counts.A=i:{b};counts.B=i:{a}"));
        Assert.NotEqual(export.Record, forgedRecord);
        var forgedClose = forgedRecord.Split('\n').Single(l => l.Contains(",jornada_closed,")).Split(',')[4];
        var forgedSeal = export.Seal.Replace(export.Parsed.RecordHash!, forgedClose)
            .Replace($"\"A\":{a},\"B\":{b}", $"\"A\":{b},\"B\":{a}");

        var (output, exitCode) = await RunRecipeAsync(export.Ballots, forgedSeal, forgedRecord);

        Assert.Contains("cadena íntegra", output);
        Assert.Contains("registro íntegro", output);
        Assert.Contains($"Las boletas dan ballotCount=i:5 counts.A=i:{a} counts.B=i:{b} y el cierre del registro selló ballotCount=i:5 counts.A=i:{b} counts.B=i:{a}: no concuerdan", output);
        Assert.DoesNotContain("El sello dice", output); // the seal file was forged to match the close
        Assert.Equal(1, exitCode);
        Assert.StartsWith("NO ÍNTEGRA", output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(1, await VerifyAsync(export.Ballots, forgedSeal, forgedRecord));
    }

    [Fact]
    public async Task a_seal_file_whose_counts_were_edited_does_not_match_the_records_close()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var a = export.Parsed.Counts["A"];
        var edited = export.Seal.Replace($"\"A\":{a}", $"\"A\":{a + 1}");
        Assert.NotEqual(export.Seal, edited);

        var (output, exitCode) = await RunRecipeAsync(export.Ballots, edited, export.Record);

        Assert.Contains($"El sello dice ballotCount=i:5 counts.A=i:{a + 1}", output);
        Assert.DoesNotContain("Las boletas dan", output);
        Assert.Equal(1, exitCode);
    }

    /// <summary>
    /// A copy re-saved as a spreadsheet's «Unicode text» (UTF-16): the block printed «grep: binary file matches», an empty
    /// seal and «faltan o sobran boletas» (an outside auditor's). It says what the file is instead, and checks nothing.
    /// </summary>
    [Fact]
    public async Task a_file_re_saved_in_utf16_is_named_and_nothing_is_called_intact_or_altered()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var folder = Directory.CreateTempSubdirectory("ieeq-shell-utf16-");
        var id = Guid.NewGuid();
        string[] names = [$"boletas-{id}.csv", $"sello-{id}.json", $"registro-{id}.csv"];
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, names[0]), export.Ballots, System.Text.Encoding.Unicode);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, names[1]), export.Seal);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, names[2]), export.Record);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.FullName };
        foreach (var argument in new[] { "-c", Recipe(), "verifica.sh" }.Concat(names)) start.ArgumentList.Add(argument);
        using var bash = System.Diagnostics.Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("", error);
        Assert.Equal(2, bash.ExitCode);
        Assert.Equal($"«{names[0]}» no está en UTF-8 (¿se guardó como «texto Unicode»?): use el archivo tal como se descargó.", output.Trim());
    }

    /// <summary>
    /// The three verifiers on the same files must say the same (differential testing of the three, 2026-12-06): a
    /// genuine export is intact for all. A number written otherwise than the service writes it is, for all three, not
    /// the export the service gave, named where: a seal's ballot count written «5.0» was intact for verificar.html (JSON
    /// reads 5), could not be checked by verify (exit 2) and was altered for the shell; a ballot at position «01» held for
    /// verify and the page (read as 1, hashed as 1) and broke the shell's chain (compared as text). The same for the
    /// seal's counts and recordPosition, the record's positions and its close's integer fields rebuilt with their links. A
    /// recordPosition in quotes and changed was read as a number by verify (found altered) and skipped by the page and the
    /// shell (intact): a number in quotes is written otherwise too.
    /// </summary>
    [Fact]
    public async Task numbers_written_otherwise_than_the_service_writes_them_are_not_intact_for_any_of_the_three_verifiers()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var (count, a, at) = (export.Parsed.BallotCount, export.Parsed.Counts["A"], export.Parsed.RecordPosition!.Value);
        Assert.Contains($"\"ballotCount\":{count},", export.Seal);
        Assert.Contains($"\"A\":{a},", export.Seal);
        Assert.Contains($"\"recordPosition\":{at}}}", export.Seal);
        var zeroPadded = Rechained(export.Parsed.JornadaId, export.Record.Replace($"counts.A=i:{a};", $"counts.A=i:0{a};"));
        var zeroPaddedClose = zeroPadded.Split('\n').Single(l => l.Contains(",jornada_closed,")).Split(',')[4];
        var huge = Rechained(export.Parsed.JornadaId, export.Record.Replace($"counts.A=i:{a};", "counts.A=i:9223372036854775808;"));
        var ballotLines = export.Ballots.Split('\n');
        var recordLines = export.Record.Split('\n');
        string Position(string[] lines, int line, string written) =>
            string.Join('\n', lines.Select((l, i) => i == line ? written + l[l.IndexOf(',')..] : l));

        const string Rule = "el servicio escribe cada número solo con cifras, sin ceros a la izquierda, signo, decimales ni exponente";
        var disagreements = new List<string>();
        foreach (var (what, ballots, seal, record, reason) in new[]
        {
            ("el número de boletas del sello, 5.0", export.Ballots, export.Seal.Replace($"\"ballotCount\":{count},", $"\"ballotCount\":{count}.0,"), export.Record,
                $"escribe «ballotCount» como «{count}.0»"),
            ("el número de boletas del sello, 5e0", export.Ballots, export.Seal.Replace($"\"ballotCount\":{count},", $"\"ballotCount\":{count}e0,"), export.Record,
                $"escribe «ballotCount» como «{count}e0»"),
            ("los votos de A en el sello", export.Ballots, export.Seal.Replace($"\"A\":{a},", $"\"A\":{a}.00,"), export.Record,
                $"escribe «A» como «{a}.00»"),
            ("la posición del cierre en el sello", export.Ballots, export.Seal.Replace($"\"recordPosition\":{at}}}", $"\"recordPosition\":{at}.0}}"), export.Record,
                $"escribe «recordPosition» como «{at}.0»"),
            // In quotes and changed: verify read it as a number, the page and the shell skipped it, and those two called the seal intact.
            ("la posición del cierre en el sello, entre comillas", export.Ballots, export.Seal.Replace($"\"recordPosition\":{at}}}", $"\"recordPosition\":\"{at - 1}\"}}"),
                export.Record, $"escribe «recordPosition» como «\"{at - 1}\"»"),
            ("la posición de la primera boleta, 01", Position(ballotLines, 1, "01"), export.Seal, export.Record, "como «01»"),
            ("la posición de la primera boleta, 1.0", Position(ballotLines, 1, "1.0"), export.Seal, export.Record, "como «1.0»"),
            ("la posición de la tercera boleta, +3", Position(ballotLines, 3, "+3"), export.Seal, export.Record, "como «+3»"),
            ("la posición del primer evento, 01", export.Ballots, export.Seal, Position(recordLines, 1, "01"), "como «01»"),
            ("los votos de A en el cierre, con sus enlaces rehechos", export.Ballots, export.Seal.Replace(export.Parsed.RecordHash!, zeroPaddedClose), zeroPadded,
                $"«counts.A=i:0{a}»"),
            // Only digits, and more than a long holds: verify threw reading it.
            ("los votos de A en el cierre, más de lo que cabe en 64 bits", export.Ballots, export.Seal.Replace(export.Parsed.RecordHash!, ForgedExport.Close(huge)), huge,
                "«counts.A=i:9223372036854775808»"),
        })
        {
            Assert.NotEqual((export.Ballots, export.Seal, export.Record), (ballots, seal, record));
            var (shell, shellExit) = await RunRecipeAsync(ballots, seal, record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(ballots, seal, record);
            var (pageIntact, page) = await VerifierPageAsync(ballots, seal, record);

            // Every verifier's answer to every case, so a failure shows where the three disagree.
            if (shellExit != 1 || !shell.Contains(reason) || !shell.Contains("NO ÍNTEGRA") || !shell.Contains(Rule))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim().Split('\n')[^1]}");
            if (verifyExit != 1 || !verify.Contains(reason) || !verify.Contains("NO ÍNTEGRA") || !verify.Contains(Rule))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim().Split('\n')[^1]}");
            if (pageIntact || !page.Contains(reason) || !page.Contains(Rule))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));

        // The genuine export, and the same seal indented (numbers untouched), are intact for all three.
        var indented = JsonSerializer.Serialize(JsonDocument.Parse(export.Seal), new JsonSerializerOptions { WriteIndented = true });
        foreach (var seal in new[] { export.Seal, indented })
        {
            Assert.Equal(0, (await RunRecipeAsync(export.Ballots, seal, export.Record)).ExitCode);
            Assert.Equal(0, await VerifyAsync(export.Ballots, seal, export.Record));
            Assert.True((await VerifierPageAsync(export.Ballots, seal, export.Record)).Intact);
        }
    }

    /// <summary>
    /// A seal figure JSON itself cannot read («014», «+14», «.5»): the seal is unreadable for verify (exit 2) and the page,
    /// and the shell, which found the figure written otherwise, said not intact (exit 1). It says now, as verify, that the
    /// seal could not be read, naming the figure, and exits 2: nothing was checked by any of the three.
    /// </summary>
    [Fact]
    public async Task a_seal_figure_json_cannot_read_leaves_the_export_unchecked_by_all_three_verifiers()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var (count, a) = (export.Parsed.BallotCount, export.Parsed.Counts["A"]);
        var disagreements = new List<string>();
        foreach (var (what, seal, named) in new[]
        {
            ("el número de boletas con un cero a la izquierda", export.Seal.Replace($"\"ballotCount\":{count},", $"\"ballotCount\":0{count},"), $"«ballotCount» como «0{count}»"),
            ("el número de boletas con signo", export.Seal.Replace($"\"ballotCount\":{count},", $"\"ballotCount\":+{count},"), $"«ballotCount» como «+{count}»"),
            ("los votos de A con un cero a la izquierda", export.Seal.Replace($"\"A\":{a},", $"\"A\":0{a},"), $"«A» como «0{a}»"),
            ("los votos de A sin cifra antes del punto", export.Seal.Replace($"\"A\":{a},", $"\"A\":.{a},"), $"«A» como «.{a}»"),
        })
        {
            Assert.NotEqual(export.Seal, seal);
            var (shell, shellExit) = await RunRecipeAsync(export.Ballots, seal, export.Record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(export.Ballots, seal, export.Record);
            var (pageIntact, page) = await VerifierPageAsync(export.Ballots, seal, export.Record);

            if (shellExit != 2 || !shell.Contains($"No se pudo verificar: el sello no es un archivo JSON válido: escribe {named}, que JSON no lee como número")
                || shell.Contains("íntegr"))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim()}");
            if (verifyExit != 2 || !verify.Contains("No se pudo verificar: el sello no es un archivo JSON válido"))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim()}");
            if (pageIntact || !page.StartsWith("ILEGIBLE: El sello no es un archivo JSON válido", StringComparison.Ordinal))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>
    /// The seal's close time moved by less than a millisecond (one tick, 100 ns): verify, comparing instants to the tick,
    /// found the seal altered, and the page, whose Date.parse keeps milliseconds, called the export intact. Both find it
    /// now (the shell does not compare the close time: README, «With nothing but a shell»). The same instant written in
    /// another offset is the same for both.
    /// </summary>
    [Fact]
    public async Task a_seals_close_time_moved_by_less_than_a_millisecond_is_found_by_verify_and_the_page_alike()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var written = Regex.Match(export.Seal, "\"closedAt\":\"([^\"]+)\"");
        Assert.True(written.Success, export.Seal);
        var at = export.Parsed.ClosedAt;
        var moved = at.AddTicks(at.Ticks % TimeSpan.TicksPerMillisecond == TimeSpan.TicksPerMillisecond - 1 ? -1 : 1);
        string Seal(DateTimeOffset instant, TimeSpan offset) => export.Seal.Replace(written.Value,
            $"\"closedAt\":\"{instant.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture)}\"");

        var (verifyExit, verify) = await VerifyWithOutputAsync(export.Ballots, Seal(moved, TimeSpan.Zero), export.Record);
        var (pageIntact, page) = await VerifierPageAsync(export.Ballots, Seal(moved, TimeSpan.Zero), export.Record);

        Assert.True(verifyExit == 1 && verify.Contains("la hora del cierre"), verify);
        Assert.False(pageIntact);
        Assert.Contains("la hora del cierre", page);
        var sameInstant = Seal(at, TimeSpan.FromHours(-6));
        Assert.Equal(0, await VerifyAsync(export.Ballots, sameInstant, export.Record));
        Assert.True((await VerifierPageAsync(export.Ballots, sameInstant, export.Record)).Intact);
    }

    /// <summary>
    /// Two more files the three verifiers read apart (a reviewer's, 2026-12-06), now not intact for all three, the line or
    /// field named. A line of other columns (a hash cut off, a column added) could not be read by verify (exit 2) or the
    /// page, and was altered for the shell (exit 1): it is a line not as the service writes it, like a position «01», and
    /// the auditor must not certify with the file, not try it again. Hashes turned upper-case held for verify and the page,
    /// which compared them case-blind, and broke the shell's chain: each line's hash is taken over the lower-case text of
    /// the one before, so a file in capitals is not the one the service gave (ExportHashes).
    /// </summary>
    [Fact]
    public async Task a_line_of_other_columns_and_hashes_in_capitals_are_not_intact_for_any_of_the_three_verifiers()
    {
        var export = await ExportOfAClosedJornadaAsync();
        string Line(string csv, int line, Func<string, string> change) =>
            string.Join('\n', csv.Split('\n').Select((l, i) => i == line - 1 ? change(l) : l));
        string Capitals(string csv, params int[] columns) => string.Join('\n', csv.Split('\n').Select((l, i) => i == 0 || l == "" ? l
            : string.Join(',', l.Split(',').Select((f, c) => columns.Contains(c) ? f.ToUpperInvariant() : f))));
        const string Columns = "columnas que escribe el servicio";
        const string Hashes = "el servicio escribe cada hash y el identificador de la Jornada en minúsculas, como entran en el hash de cada línea";
        Assert.Equal(Hashes, ExportHashes.Rule);

        var disagreements = new List<string>();
        foreach (var (what, ballots, seal, record, reason) in new[]
        {
            ("la boleta de la línea 4 sin su hash", Line(export.Ballots, 4, l => l[..l.LastIndexOf(',')]), export.Seal, export.Record,
                $"La línea 4 del archivo de boletas no tiene las 7 {Columns}"),
            ("la boleta de la línea 3 con una columna de más", Line(export.Ballots, 3, l => l + ",extra"), export.Seal, export.Record,
                $"La línea 3 del archivo de boletas no tiene las 7 {Columns}"),
            ("el evento de la línea 2 sin su hash anterior", export.Ballots, export.Seal,
                Line(export.Record, 2, l => string.Join(',', l.Split(',').Where((_, c) => c != 3))), $"La línea 2 del registro no tiene las 5 {Columns}"),
            ("los hashes de las boletas en mayúsculas", Capitals(export.Ballots, 5, 6), export.Seal, export.Record,
                $"La línea 2 del archivo de boletas escribe un hash con mayúsculas: {Hashes}"),
            ("los hashes del registro en mayúsculas", export.Ballots, export.Seal, Capitals(export.Record, 3, 4),
                $"La línea 2 del registro escribe un hash con mayúsculas: {Hashes}"),
            ("el hash final del sello en mayúsculas", export.Ballots, export.Seal.Replace(export.Parsed.FinalHash, export.Parsed.FinalHash.ToUpperInvariant()),
                export.Record, $"El sello (sello.json) escribe «finalHash» con mayúsculas: {Hashes}"),
            ("el sello del registro en mayúsculas", export.Ballots, export.Seal.Replace(export.Parsed.RecordHash!, export.Parsed.RecordHash!.ToUpperInvariant()),
                export.Record, $"El sello (sello.json) escribe «recordHash» con mayúsculas: {Hashes}"),
            ("el identificador de la Jornada del sello en mayúsculas", export.Ballots,
                export.Seal.Replace(export.Parsed.JornadaId.ToString(), export.Parsed.JornadaId.ToString().ToUpperInvariant()), export.Record,
                $"El sello (sello.json) escribe «jornadaId» con mayúsculas: {Hashes}"),
            ("todo en mayúsculas", Capitals(export.Ballots, 5, 6), export.Seal.Replace(export.Parsed.FinalHash, export.Parsed.FinalHash.ToUpperInvariant())
                .Replace(export.Parsed.RecordHash!, export.Parsed.RecordHash!.ToUpperInvariant()), Capitals(export.Record, 3, 4),
                $"escribe «finalHash» con mayúsculas: {Hashes}"),
        })
        {
            Assert.NotEqual((export.Ballots, export.Seal, export.Record), (ballots, seal, record));
            var (shell, shellExit) = await RunRecipeAsync(ballots, seal, record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(ballots, seal, record);
            var (pageIntact, page) = await VerifierPageAsync(ballots, seal, record);

            if (shellExit != 1 || !shell.Contains(reason) || !shell.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim().Split('\n')[^1]}");
            if (verifyExit != 1 || !verify.Contains(reason) || !verify.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim()}");
            if (pageIntact || !page.Contains(reason) || page.StartsWith("ILEGIBLE", StringComparison.Ordinal))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>
    /// The acta is signed before the publication, so no noted hash covers it: the record's publication rewritten to the
    /// option that lost (under its own title on the ballot), or appended to a tie, with every link rebuilt, is not intact
    /// for any of the three verifiers (all three called it intact).
    /// </summary>
    [Fact]
    public async Task a_publication_of_the_option_that_lost_or_of_a_tie_with_its_links_rebuilt_is_not_intact_for_any_of_the_three_verifiers()
    {
        var process = new ProcessApi(_api);
        async Task<(Guid Id, string Ballots, string Seal, string Record)> ExportAsync(string[] choices, bool publish)
        {
            var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
            foreach (var choice in choices)
                await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), choice));
            await _api.CloseAsync(id);
            await process.CertifyAsync(id);
            if (publish) await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null));
            return (id, await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv"), await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/seal"),
                await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
        }
        string Fields(string record, string type) => record.Split('\n').Single(l => l.Split(',') is { Length: 5 } f && f[1] == type).Split(',')[2];
        string TitleOf(string record, string option)
        {
            var options = FieldValues.Parse(Fields(record, "ballot_options_set"))!;
            return Enumerable.Range(1, (int)options.Int("options")!).Select(k => (Id: options.Raw($"options.{k}.id"), Title: options.Raw($"options.{k}.title")))
                .Single(o => o.Id == option).Title!;
        }

        var won = await ExportAsync(["A", "A", "B"], publish: true);
        var genuine = Fields(won.Record, "chosen_project_published");
        Assert.StartsWith($"optionId=s:A;title=s:{TitleOf(won.Record, "A")};", genuine);
        var lostRecord = Rechained(won.Id, won.Record.Replace(genuine, genuine.Replace($"optionId=s:A;title=s:{TitleOf(won.Record, "A")};",
            $"optionId=s:B;title=s:{TitleOf(won.Record, "B")};")));

        var tie = await ExportAsync(["A", "B"], publish: false);
        var tieRecord = Rechained(tie.Id, tie.Record + $"{tie.Record.TrimEnd('\n').Split('\n').Length},chosen_project_published,{genuine},-,-\n");

        var disagreements = new List<string>();
        foreach (var (what, ballots, seal, record, reason) in new[]
        {
            ("la publicación de la opción que perdió", won.Ballots, won.Seal, lostRecord, "publica la opción B y el cierre selló la mayoría para la opción A"),
            ("una publicación tras un empate", tie.Ballots, tie.Seal, tieRecord, "publica la opción A y el cierre selló un empate"),
        })
        {
            var (shell, shellExit) = await RunRecipeAsync(ballots, seal, record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(ballots, seal, record);
            var (pageIntact, page) = await VerifierPageAsync(ballots, seal, record);
            var said = reason.Replace("publica la opción A y el cierre selló un empate", "el cierre selló un empate");
            if (shellExit != 1 || !shell.Contains(reason) || !shell.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim()}");
            if (verifyExit != 1 || !verify.Contains(said) || !verify.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim()}");
            if (pageIntact || !page.Contains(said))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>
    /// The opening's hash typed where the one noted at the close goes: `verify` and the page say which fact's it is and
    /// that the close was not checked (exit 2, «no se pudo verificar»), never that a genuine export was rebuilt.
    /// </summary>
    [Fact]
    public async Task the_openings_hash_typed_as_the_one_noted_at_the_close_is_named_and_a_genuine_export_is_not_called_altered()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var opening = export.Record.Split('\n').Select(l => l.Split(',')).Single(f => f.Length == 5 && f[1] == "jornada_opened");
        var typed = string.Join(' ', opening[4].Chunk(8).Select(c => new string(c))); // as the seal sheet prints it

        var output = new StringWriter();
        var folder = Directory.CreateTempSubdirectory("ieeq-noted-").FullName;
        string[] files = [Path.Combine(folder, "boletas.csv"), Path.Combine(folder, "sello.json"), Path.Combine(folder, "registro.csv")];
        foreach (var (path, text) in files.Zip([export.Ballots, export.Seal, export.Record])) await File.WriteAllTextAsync(path, text);
        var exitCode = await VerifyCommand.RunAsync(["--ballots", files[0], "--seal", files[1], "--record", files[2], "--expected-seal", typed], output, output);
        var (intact, reasons, misplaced) = await VerifierPageNotedAsync(export.Ballots, export.Seal, export.Record, opening[4]);

        var said = $"no es el sello del registro: es el del evento {opening[0]} (apertura de la votación), que se anota en otro momento";
        Assert.True(exitCode == 2, output.ToString());
        Assert.Contains($"HASH ANOTADO DE OTRO EVENTO: El hash anotado al cierre ({opening[4]}) {said}", output.ToString());
        Assert.Contains("NO SE PUDO COMPROBAR el hash del cierre", output.ToString());
        Assert.DoesNotContain("NO ÍNTEGRA", output.ToString());
        Assert.DoesNotContain("rehicieron", output.ToString());
        Assert.False(intact);
        Assert.True(misplaced, reasons);
        Assert.Contains(said, reasons);
        Assert.Equal(0, (await VerifyWithOutputAsync(export.Ballots, export.Seal, export.Record)).ExitCode);
    }

    /// <summary>The seal's place of the close in the record is one of its figures: changed, all three name it (all three let it pass).</summary>
    [Fact]
    public async Task a_seal_whose_close_position_was_changed_is_not_intact_for_any_of_the_three_verifiers()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var position = Assert.IsType<long>(export.Parsed.RecordPosition);
        var seal = export.Seal.Replace($"\"recordPosition\":{position}", $"\"recordPosition\":{position - 1}");
        Assert.NotEqual(export.Seal, seal);
        var reason = $"El sello dice que el cierre es el evento {position - 1} del registro; en el registro";

        var (shell, shellExit) = await RunRecipeAsync(export.Ballots, seal, export.Record);
        var (verifyExit, verify) = await VerifyWithOutputAsync(export.Ballots, seal, export.Record);
        var (pageIntact, page) = await VerifierPageAsync(export.Ballots, seal, export.Record);

        Assert.True(shellExit == 1 && shell.Contains(reason) && shell.Contains("NO ÍNTEGRA"), shell);
        // verify and the page tell the seal file from the record (the record agrees with the ballots), in their words.
        var named = $"dice que la posición del cierre en el registro es {position - 1}; el cierre del registro, que concuerda con las boletas, dice {position}";
        Assert.True(verifyExit == 1 && verify.Contains(named), verify);
        Assert.False(pageIntact);
        Assert.Contains(named, page);
    }

    /// <summary>
    /// The close rebuilt with the option A's count named twice, once percent-encoded («counts.A» and «counts.%41», the same
    /// option), its links and the seal's close hash recomputed: verify threw (an exception's stack, exit 134) and the page
    /// called it intact. All three say it is not: verify and the page name the field twice, the shell its name written
    /// otherwise than the service writes it.
    /// </summary>
    [Fact]
    public async Task a_field_named_twice_in_two_encodings_is_not_intact_for_any_of_the_three_verifiers()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var a = export.Parsed.Counts["A"];
        Assert.Contains($";counts.A=i:{a};", export.Record);
        var record = Rechained(export.Parsed.JornadaId, export.Record.Replace($";counts.A=i:{a};", $";counts.A=i:{a};counts.%41=i:{a};"));
        var seal = export.Seal.Replace(export.Parsed.RecordHash!, ForgedExport.Close(record));
        const string Named = "nombra dos veces el campo «counts.A», como «counts.A» y como «counts.%41»: el servicio escribe cada campo una sola vez";

        var (shell, shellExit) = await RunRecipeAsync(export.Ballots, seal, record);
        var (verifyExit, verify) = await VerifyWithOutputAsync(export.Ballots, seal, record);
        var (pageIntact, page) = await VerifierPageAsync(export.Ballots, seal, record);

        Assert.True(shellExit == 1 && shell.Contains($"escribe «counts.%41=i:{a}»: {ExportText.Rule}") && shell.Contains("NO ÍNTEGRA"), shell);
        Assert.True(verifyExit == 1 && verify.Contains(Named) && verify.Contains("REGISTRO ALTERADO") && verify.Contains("NO ÍNTEGRA"), verify);
        Assert.False(pageIntact);
        Assert.Contains(Named, page);
    }

    /// <summary>
    /// A text or a field's name in another percent-encoding than the service's, the record's links and the seal's close hash
    /// recomputed: «s:%41» says «A», so verify and the page called it intact where the shell, comparing text, found
    /// something else (a publication of «%41»), or nothing at all where it did not look. All three now name the field.
    /// </summary>
    [Fact]
    public async Task a_text_or_a_name_in_another_percent_encoding_is_not_intact_for_any_of_the_three_verifiers()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var b = export.Parsed.Counts["B"];
        var disagreements = new List<string>();
        foreach (var (what, written, otherwise, canonical) in new[]
        {
            ("el id de la opción A en la boleta, %41", "options.1.id=s:A;", "options.1.id=s:%41;", ", que el servicio escribe «options.1.id=s:A»"),
            ("el id de la opción A con un % suelto", "options.1.id=s:A;", "options.1.id=s:A%;", ""),
            ("el nombre del cómputo de B, count%73", $";counts.B=i:{b};", $";count%73.B=i:{b};", $", que el servicio escribe «counts.B=i:{b}»"),
        })
        {
            Assert.Contains(written, export.Record);
            var record = Rechained(export.Parsed.JornadaId, export.Record.Replace(written, otherwise));
            var seal = export.Seal.Replace(export.Parsed.RecordHash!, ForgedExport.Close(record));
            var field = otherwise.Trim(';');

            var (shell, shellExit) = await RunRecipeAsync(export.Ballots, seal, record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(export.Ballots, seal, record);
            var (pageIntact, page) = await VerifierPageAsync(export.Ballots, seal, record);

            var named = $"escribe el campo «{field}»{canonical}: {ExportText.Rule}. No lo escribió el servicio";
            if (shellExit != 1 || !shell.Contains($"escribe «{field}»: {ExportText.Rule}. No lo escribió el servicio") || !shell.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim()}");
            if (verifyExit != 1 || !verify.Contains(named) || !verify.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim()}");
            if (pageIntact || !page.Contains(named))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>
    /// An instant, a decimal, a boolean or an absent value written otherwise than the service writes it, or under a tag the
    /// record has none of, the record's links and the seal's close hash recomputed: «closedAt=t:…T13:00:00Z» said the
    /// instant the service writes «…T13:00:00.0000000Z» and held for all three verifiers, as did «b:True» and the others
    /// here. All three now name the fact and the field (ExportValues), exit 1; the genuine export, which has one of each,
    /// is intact for all three.
    /// </summary>
    [Fact]
    public async Task an_instant_a_decimal_a_boolean_or_an_absent_value_written_otherwise_is_not_intact_for_any_of_the_three_verifiers()
    {
        // A Jornada with a roll (coloniasFromRoll=b:), online voting and options with their cost (d:), closed early (countersigned).
        var voters = Enumerable.Range(0, 3).Select(_ => Voters.UniqueClave()).ToList();
        var jornada = await _api.OpenOnlineJornadaAsync(voters);
        foreach (var voter in voters)
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(jornada.KioskToken), jornada.Id, voter, "A"));
        await _api.CloseAsync(jornada.Id);
        var (ballots, genuineSeal, genuine) = (await _api.Auditor.GetStringAsync($"/api/jornadas/{jornada.Id}/audit/ballots.csv"),
            await _api.Auditor.GetStringAsync($"/api/jornadas/{jornada.Id}/audit/seal"),
            await _api.Auditor.GetStringAsync($"/api/jornadas/{jornada.Id}/audit/record.csv"));
        var disagreements = new List<string>();
        Assert.Equal(0, (await RunRecipeAsync(ballots, genuineSeal, genuine)).ExitCode);
        Assert.Equal(0, await VerifyAsync(ballots, genuineSeal, genuine));
        Assert.True((await VerifierPageAsync(ballots, genuineSeal, genuine)).Intact);

        static string OtherOffset(string instant) =>
            DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(-6))
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (what, type, pattern, otherwise) in new (string, string, string, Func<Match, string>)[]
        {
            ("la hora del cierre sin sus decimales", "jornada_closed", @"closedAt=t:([^;.]+)\.[0-9]{7}Z", m => $"closedAt=t:{m.Groups[1].Value}Z"),
            ("el fin del horario con la hora de Querétaro", "jornada_created", @"votingClosesAt=t:([^;]+)", m => $"votingClosesAt=t:{OtherOffset(m.Groups[1].Value)}"),
            ("la apertura con tres decimales", "jornada_opened", @"openedAt=t:([^;.]+\.[0-9]{3})[0-9]{4}Z", m => $"openedAt=t:{m.Groups[1].Value}Z"),
            ("el costo de la opción A con centavos", "ballot_options_set", @"options\.1\.estimatedCost=d:([0-9]+)(?=;)", m => $"options.1.estimatedCost=d:{m.Groups[1].Value}.00"),
            ("colonias del padrón con mayúscula", "voter_roll_loaded", @"coloniasFromRoll=b:(true|false)", m => $"coloniasFromRoll=b:{(m.Groups[1].Value == "true" ? "True" : "False")}"),
            ("el proceso ausente con algo escrito", "jornada_created", @"processId=n:(?=;)", _ => "processId=n:null"),
            ("la hora de apertura con otra etiqueta", "jornada_opened", @"openedAt=t:", _ => "openedAt=x:"),
        })
        {
            var line = genuine.Split('\n').Single(l => l.Contains($",{type},"));
            var match = Regex.Match(line, pattern);
            Assert.True(match.Success, $"{what}: {line}");
            var record = Rechained(jornada.Id, genuine.Replace(line, line.Replace(match.Value, otherwise(match))));
            var seal = genuineSeal.Replace(ForgedExport.Close(genuine), ForgedExport.Close(record));
            var field = record.Split('\n').Single(l => l.Contains($",{type},")).Split(',')[2].Split(';').Single(f => f.StartsWith(otherwise(match), StringComparison.Ordinal));

            var (shell, shellExit) = await RunRecipeAsync(ballots, seal, record);
            var (verifyExit, verify) = await VerifyWithOutputAsync(ballots, seal, record);
            var (pageIntact, page) = await VerifierPageAsync(ballots, seal, record);

            var named = $"escribe el campo «{field}»: {ExportValues.Rule}. No lo escribió el servicio";
            if (shellExit != 1 || !shell.Contains($"escribe «{field}»: {ExportValues.Rule}. No lo escribió el servicio") || !shell.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: the shell said (exit {shellExit}) {shell.Trim()}");
            if (verifyExit != 1 || !verify.Contains(named) || !verify.Contains("NO ÍNTEGRA"))
                disagreements.Add($"{what}: verify said (exit {verifyExit}) {verify.Trim()}");
            if (pageIntact || !page.Contains(named))
                disagreements.Add($"{what}: verificar.html said {(pageIntact ? "intact" : page)}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>The record's links and hashes computed again from its first line, as README's canonical encoding says.</summary>
    private static string Rechained(Guid jornadaId, string record)
    {
        var lines = record.TrimEnd('\n').Split('\n');
        var previous = new string('0', 64);
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes($"registro-v1|{jornadaId}|{f[0]}|{f[1]}|{f[2]}|{previous}")));
            lines[i] = $"{f[0]},{f[1]},{f[2]},{previous},{hash}";
            previous = hash;
        }
        return string.Join('\n', lines) + "\n";
    }

    [GeneratedRegex(@"```bash\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
