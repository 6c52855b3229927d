using System.Net.Http.Json;
using System.Text.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The record left out, or given alone: verify and verificar.html (and the shell, which asks for all three files) agree.
/// Until 2026-12-07 a hash noted at the close or at the opening, given without the record, was said to be a rebuilt record
/// (exit 1, «NO ÍNTEGRA»), and a record alone (a withdrawn Jornada's, the IEEQ's «registro definitivo») could not be checked.
/// </summary>
public sealed partial class when_an_auditor_checks_the_export_with_nothing_but_a_shell
{
    /// <summary>verify on the files given (null: not given), named as the desk downloads them, and the hashes noted.</summary>
    private static async Task<(int ExitCode, string Output)> VerifyFilesAsync(Guid id, string? ballots, string? seal, string? record,
        string? expectedSeal = null, params string[] noted)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-verify-").FullName;
        var args = new List<string>();
        foreach (var (option, name, text) in new[] { ("--ballots", $"boletas-{id}.csv", ballots), ("--seal", $"sello-{id}.json", seal), ("--record", $"registro-{id}.csv", record) })
        {
            if (text is null) continue;
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);
            args.AddRange([option, Path.Combine(folder, name)]);
        }
        if (expectedSeal is not null) args.AddRange(["--expected-seal", expectedSeal]);
        foreach (var hash in noted) args.AddRange(["--noted", hash]);
        var output = new StringWriter();
        var exitCode = await VerifyCommand.RunAsync([.. args], output, output);
        return (exitCode, output.ToString());
    }

    private sealed record PageAnswer(bool Intact, string Reasons, bool Unchecked, bool RecordAlone, string End);

    /// <summary>
    /// verificador.js under Node as verificar.js calls it: the three files (verifyExport), or the record alone
    /// (verifyRecordAlone, the Jornada from the record's name) when neither the ballots nor the seal is given.
    /// </summary>
    private static async Task<PageAnswer> PageAsync(Guid id, string? ballots, string? seal, string? record, string expectedSeal = "", params string[] noted)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-page-");
        var input = Path.Combine(folder.FullName, "input.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(new
        {
            ballotsText = ballots, sealText = seal, recordText = record, recordName = $"registro-{id}.csv", ballotsName = $"boletas-{id}.csv", expectedSeal, noted,
        }));
        const string script = """
            import { readFileSync } from 'node:fs';
            import { webcrypto } from 'node:crypto';
            globalThis.crypto ??= webcrypto;
            const [module, input] = process.argv.slice(1);
            const v = await import(module);
            const given = JSON.parse(readFileSync(input, 'utf8'));
            try {
              const r = given.ballotsText === null && given.sealText === null ? await v.verifyRecordAlone(given) : await v.verifyExport(given);
              const reasons = [r.mixUp, r.foreignFile, r.sealFile?.reason, r.ballots?.break?.reason, r.record?.break?.reason,
                ...(r.anchors ?? []).filter(a => !a.matches).map(a => a.message)].filter(Boolean);
              console.log(JSON.stringify({ intact: r.intact, reasons: reasons.join('\n'), unchecked: Boolean(r.uncheckedNote), recordAlone: Boolean(r.recordAlone), end: r.end ?? '' }));
            } catch (e) {
              if (!(e instanceof v.UnreadableFile)) throw e;
              console.log(JSON.stringify({ intact: false, reasons: 'ILEGIBLE: ' + e.message, unchecked: false, recordAlone: false, end: '' }));
            }
            """;
        var r = await RunVerificadorAsync(folder, script, [input]);
        return new(r.GetProperty("intact").GetBoolean(), r.GetProperty("reasons").GetString()!, r.GetProperty("unchecked").GetBoolean(),
            r.GetProperty("recordAlone").GetBoolean(), r.GetProperty("end").GetString()!);
    }

    private static string[] Line(string record, string type) => record.Split('\n').Select(l => l.Split(',')).Single(f => f.Length == 5 && f[1] == type);

    /// <summary>
    /// The ballots and the seal, with the sello del registro noted at the close (or the opening's hash among the others),
    /// and no record: the page's form calls the record optional, and verify's usage too. Neither verifier says the record
    /// was rebuilt: the note is what the seal says, or something only the record can tell, and they ask for it (exit 2).
    /// The shell takes the three files or none: status 2, the record named as missing.
    /// </summary>
    [Fact]
    public async Task a_hash_noted_at_the_close_or_the_opening_without_the_record_is_unchecked_never_altered()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;
        var opening = Line(export.Record, "jornada_opened")[4];
        var sheet = string.Join(' ', export.Parsed.RecordHash!.Chunk(8).Select(c => new string(c))); // as the seal sheet prints it

        foreach (var (what, expected, noted) in new (string, string?, string[])[]
        {
            ("el sello del registro anotado al cierre", sheet, []),
            ("el hash de la apertura entre los otros", null, [opening]),
            ("el sello del registro y la apertura", export.Parsed.RecordHash, [opening]),
            ("la apertura escrita como hash del cierre", opening, []),
        })
        {
            var (exitCode, verify) = await VerifyFilesAsync(id, export.Ballots, export.Seal, null, expected, noted);
            Assert.True(exitCode == 2, $"{what}: {verify}");
            Assert.Contains("HASH ANOTADO SIN COMPROBAR", verify);
            Assert.Contains(AuditVerifier.ChooseRecord, verify);
            Assert.Contains("NO SE PUDO COMPROBAR lo anotado", verify);
            Assert.DoesNotContain("NO ÍNTEGRA", verify);
            Assert.DoesNotContain("rehicieron después", verify);
            Assert.DoesNotContain("rehízo después", verify);

            var page = await PageAsync(id, export.Ballots, export.Seal, null, expected ?? "", noted);
            Assert.False(page.Intact, what);
            Assert.True(page.Unchecked, $"{what}: {page.Reasons}");
            Assert.Contains(AuditVerifier.ChooseRecord, page.Reasons);
            Assert.DoesNotContain("después de anotarlo", page.Reasons);
        }
        // What the seal says is told as such, by both.
        Assert.Contains("es el sello del registro que dice el sello (sello.json), pero sin el archivo del registro no se recalculó",
            (await VerifyFilesAsync(id, export.Ballots, export.Seal, null, export.Parsed.RecordHash)).Output);
        // Without any hash noted, the ballots alone are intact as before; with the ballots broken, they are still altered.
        Assert.Equal(0, (await VerifyFilesAsync(id, export.Ballots, export.Seal, null)).ExitCode);
        var altered = ChangeLastLine(export.Ballots, 1, option => option == "A" ? "B" : "A");
        Assert.Equal(1, (await VerifyFilesAsync(id, altered, export.Seal, null, export.Parsed.RecordHash)).ExitCode);
        Assert.False((await PageAsync(id, altered, export.Seal, null, export.Parsed.RecordHash!)).Unchecked);

        var (shell, shellExit) = await RunRecipeAsync(export.Ballots, export.Seal, null);
        Assert.Equal(2, shellExit);
        Assert.Matches(@"Falta el archivo «registro-[0-9a-f-]+\.csv» o está vacío", shell);
    }

    /// <summary>
    /// A withdrawn Jornada's record, its «registro definitivo»: no ballots, no seal. verify --record and the page with only
    /// the record check it (chain, encoding, rules), find the hashes noted of its creation and its withdrawal, and say it
    /// is complete (nothing follows a withdrawal). Until 2026-12-07: «Faltan archivos…» (exit 2) and «Elija el archivo de boletas».
    /// </summary>
    [Fact]
    public async Task a_withdrawn_jornadas_record_alone_is_intact_with_its_noted_hashes_and_a_tampered_one_is_not()
    {
        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(created.Id);
        await _api.RegisterKioskAsync(created.Id);
        var withdrawal = await _api.Staff.PostAsJsonAsync($"/api/jornadas/{created.Id}/withdraw", new WithdrawJornada("Se creó por error."), VotingApi.Json);
        Assert.True(withdrawal.IsSuccessStatusCode, await withdrawal.Content.ReadAsStringAsync());
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{created.Id}/audit/record.csv");
        var (creation, withdrawn) = (Line(record, "jornada_created")[4], Line(record, "jornada_withdrawn")[4]);

        var (exitCode, verify) = await VerifyFilesAsync(created.Id, null, null, record, null, creation, withdrawn);
        Assert.True(exitCode == 0, verify);
        Assert.Contains("(retiro de la Jornada)", verify);
        Assert.Contains("está completo", verify);
        Assert.Contains("ÍNTEGRO: el registro de la Jornada se recalculó sin rupturas", verify);
        var page = await PageAsync(created.Id, null, null, record, "", creation, withdrawn);
        Assert.True(page.Intact && page.RecordAlone, page.Reasons);
        Assert.Contains("está completo", page.End);

        // A hash noted that is no fact of it: the record was rebuilt (or the note is wrong), as with the three files.
        var foreign = new string('a', 64);
        Assert.Equal(1, (await VerifyFilesAsync(created.Id, null, null, record, null, foreign)).ExitCode);
        Assert.False((await PageAsync(created.Id, null, null, record, "", foreign)).Intact);

        // The withdrawal's reason changed: its hash no longer fits, for both.
        var tampered = record.Replace("Se%20cre%C3%B3%20por%20error.", "Lo%20pidi%C3%B3%20el%20IEEQ.");
        Assert.NotEqual(record, tampered);
        var (tamperedExit, tamperedVerify) = await VerifyFilesAsync(created.Id, null, null, tampered, null, creation);
        Assert.True(tamperedExit == 1, tamperedVerify);
        Assert.Contains("(retiro de la Jornada)", tamperedVerify);
        Assert.Contains("fue alterado", tamperedVerify);
        Assert.Contains("NO ÍNTEGRO", tamperedVerify);
        var tamperedPage = await PageAsync(created.Id, null, null, tampered, "", creation);
        Assert.False(tamperedPage.Intact);
        Assert.Contains("fue alterado", tamperedPage.Reasons);
    }

    /// <summary>
    /// During the vote the auditor checks the record downloaded then against the hash of the opening noted on the
    /// constancia: intact, and told that nothing says where an open Jornada's record must end. A fact rebuilt with its
    /// links after the opening was noted, or a closed Jornada's record alone with the sello del registro, is told too.
    /// </summary>
    [Fact]
    public async Task an_open_or_closed_jornadas_record_alone_is_checked_against_its_noted_hashes()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;
        var opening = Line(export.Record, "jornada_opened");
        var upToOpening = string.Join('\n', export.Record.Split('\n').TakeWhile(l => !l.Contains(",jornada_closed,")).Where(l => l.Length > 0)) + "\n";

        var (openExit, openVerify) = await VerifyFilesAsync(id, null, null, upToOpening, null, opening[4]);
        Assert.True(openExit == 0, openVerify);
        Assert.Contains("(apertura de la votación)", openVerify);
        Assert.Contains("nada dice dónde debe terminar el registro", openVerify);
        var openPage = await PageAsync(id, null, null, upToOpening, "", opening[4]);
        Assert.True(openPage.Intact, openPage.Reasons);
        Assert.Contains("nada dice dónde debe terminar el registro", openPage.End);

        var (closedExit, closedVerify) = await VerifyFilesAsync(id, null, null, export.Record, export.Parsed.RecordHash, opening[4]);
        Assert.True(closedExit == 0, closedVerify);
        Assert.Contains("Las boletas no se verificaron", closedVerify);
        Assert.True((await PageAsync(id, null, null, export.Record, export.Parsed.RecordHash!, opening[4])).Intact);

        // The creation rebuilt with its links (another title) after the opening was noted: the note tells it.
        var created = Line(export.Record, "jornada_created");
        var rebuilt = Rechained(id, upToOpening.Replace(created[2], created[2].Replace("title=s:", "title=s:Otra%20", StringComparison.Ordinal)));
        Assert.NotEqual(upToOpening, rebuilt);
        var (rebuiltExit, rebuiltVerify) = await VerifyFilesAsync(id, null, null, rebuilt, null, opening[4]);
        Assert.True(rebuiltExit == 1, rebuiltVerify);
        Assert.Contains("HASH ANOTADO NO COINCIDE", rebuiltVerify);
        Assert.False((await PageAsync(id, null, null, rebuilt, "", opening[4])).Intact);
    }

    /// <summary>
    /// A record alone with another Jornada's id typed after --jornada (its name carries its own): «REGISTRO ALTERADO» (exit
    /// 1) before, a false alarm, where --database says a mistyped id cannot be checked (exit 2). Now the same: exit 2,
    /// naming both ids. A record that does not hold under its own name's id either is still altered (exit 1).
    /// </summary>
    [Fact]
    public async Task a_record_alone_checked_under_another_jornadas_id_is_unchecked_not_altered()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;
        var other = Guid.NewGuid();
        var folder = Directory.CreateTempSubdirectory("ieeq-verify-").FullName;
        var path = Path.Combine(folder, $"registro-{id}.csv");
        async Task<(int ExitCode, string Output)> VerifyAsync(string record)
        {
            await File.WriteAllTextAsync(path, record);
            var output = new StringWriter();
            return (await VerifyCommand.RunAsync(["--record", path, "--jornada", other.ToString()], output, output), output.ToString());
        }

        var (exitCode, verify) = await VerifyAsync(export.Record);
        Assert.True(exitCode == 2, verify);
        Assert.Contains($"es de la Jornada {id} (su cadena se verifica con ese identificador), no de la Jornada {other} que dio --jornada", verify);
        Assert.DoesNotContain("ALTERADO", verify);

        var created = Line(export.Record, "jornada_created");
        var altered = export.Record.Replace(created[2], created[2].Replace("title=s:", "title=s:Otra%20", StringComparison.Ordinal));
        Assert.NotEqual(export.Record, altered);
        var (alteredExit, alteredVerify) = await VerifyAsync(altered);
        Assert.True(alteredExit == 1, alteredVerify);
        Assert.DoesNotContain("que dio --jornada", alteredVerify);
    }

    /// <summary>
    /// The ballots' final hash noted, and the record alone: that hash is only what the record's close writes, and a record
    /// rebuilt whole (its counts swapped, its links redone) keeps it. Both verifiers called it a match, «ÍNTEGRO» (a
    /// reviewer); now it is unchecked (exit 2), asking for the ballots and the seal, as a hash noted without the record is.
    /// </summary>
    [Fact]
    public async Task the_ballots_final_hash_noted_against_a_record_alone_is_unchecked_even_when_the_record_was_rebuilt_whole()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;
        var final = export.Parsed.FinalHash;
        var close = Line(export.Record, "jornada_closed");
        Assert.Contains($"finalHash=s:{final}", close[2]);
        var (a, b) = (export.Parsed.Counts.GetValueOrDefault("A"), export.Parsed.Counts.GetValueOrDefault("B"));
        Assert.NotEqual(a, b);
        var swapped = Rechained(id, export.Record.Replace(close[2], close[2]
            .Replace($"counts.A=i:{a};", "counts.A=i:SWAP;", StringComparison.Ordinal)
            .Replace($"counts.B=i:{b};", $"counts.B=i:{a};", StringComparison.Ordinal)
            .Replace("counts.A=i:SWAP;", $"counts.A=i:{b};", StringComparison.Ordinal)));
        Assert.NotEqual(export.Record, swapped);

        foreach (var (name, record) in new[] { ("genuine", export.Record), ("rebuilt with its counts swapped", swapped) })
        {
            foreach (var (atClose, noted) in new[] { (final, Array.Empty<string>()), ((string?)null, new[] { final }) })
            {
                var (exit, verify) = await VerifyFilesAsync(id, null, null, record, atClose, noted);
                Assert.True(exit == 2, $"{name}, {(atClose is null ? "noted" : "at the close")}: exit {exit}\n{verify}");
                Assert.Contains("HASH ANOTADO SIN COMPROBAR", verify);
                Assert.Contains(AuditVerifier.ChooseBallots, verify);
                Assert.DoesNotContain("ÍNTEGRO:", verify);
                var page = await PageAsync(id, null, null, record, atClose ?? "", noted);
                Assert.False(page.Intact, $"{name}: the page said intact");
                Assert.True(page.Unchecked, $"{name}: the page did not say unchecked: {page.Reasons}");
                Assert.Contains(AuditVerifier.ChooseBallots, page.Reasons);
            }
        }
    }

    /// <summary>
    /// The acta asks the IEEQ to note the certification's hash, and the three files it keeps were downloaded before it
    /// certified. Verified later with that hash, the export it certified was «el registro se rehízo después de anotarlo, o se
    /// anotó mal», by verify and the page alike. It still does not pass (a copy cut after the close looks the same), but
    /// both now say where the record ends and that a later act's hash is checked against a record downloaded after it.
    /// </summary>
    [Fact]
    public async Task the_certifications_hash_checked_against_the_export_downloaded_before_it_says_where_the_record_ends()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;
        await new ProcessApi(_api).CertifyAsync(id);
        var certified = Line(await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"), "tally_certified")[4];
        var closedAt = Line(export.Record, "jornada_closed")[0];
        var closeName = JornadaRecord.SpanishName("jornada_closed");
        var said = $"que termina en el evento {closedAt} ({closeName})";
        const string later = "si lo anotó de un acto posterior (la certificación, por ejemplo), verifíquelo con un registro descargado después de ese acto; " +
                             "si no, el registro se rehízo después de anotarlo, o se anotó mal.";

        var (exitCode, verify) = await VerifyFilesAsync(id, export.Ballots, export.Seal, export.Record, export.Parsed.RecordHash, certified);
        var (aloneExit, alone) = await VerifyFilesAsync(id, null, null, export.Record, null, certified);
        var page = await PageAsync(id, export.Ballots, export.Seal, export.Record, export.Parsed.RecordHash!, certified);
        var pageAlone = await PageAsync(id, null, null, export.Record, "", certified);

        Assert.Equal((1, 1), (exitCode, aloneExit));
        Assert.Contains($"El hash anotado {certified} no aparece en el registro recalculado, {said}, ni es el hash final de las boletas: {later}", verify);
        Assert.Contains($"El hash anotado {certified} no aparece en el registro recalculado, {said}: {later}", alone);
        Assert.False(page.Intact || pageAlone.Intact);
        Assert.Contains($"El hash anotado {certified} no aparece en el registro recalculado, {said}, ni es el hash final de las boletas: {later}", page.Reasons);
        Assert.Contains($"El hash anotado {certified} no aparece en el registro recalculado, {said}: {later}", pageAlone.Reasons);

        // A record that already holds the certification sends nobody to download a later one: the acta prints no later act's hash.
        var after = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv");
        var stranger = new string('d', 64);
        var (afterExit, verifyAfter) = await VerifyFilesAsync(id, null, null, after, null, stranger);
        var pageAfter = await PageAsync(id, null, null, after, "", stranger);
        var certifiedAt = $"que termina en el evento {Line(after, "tally_certified")[0]} ({JornadaRecord.SpanishName("tally_certified")})";
        Assert.Equal(1, afterExit);
        Assert.Contains($"El hash anotado {stranger} no aparece en el registro recalculado, {certifiedAt}: el registro se rehízo después de anotarlo, o se anotó mal.", verifyAfter);
        Assert.Contains($"El hash anotado {stranger} no aparece en el registro recalculado, {certifiedAt}: el registro se rehízo después de anotarlo, o se anotó mal.", pageAfter.Reasons);
    }

    /// <summary>
    /// Only the first ballot altered, the record whole: verify added «Nota: con el sello de otra Jornada, la primera boleta y
    /// el primer evento tampoco dan su hash», though the record's first event held under the seal's id, sending the auditor
    /// to download the files again rather than report an altered ballot. The note stays where a seal of another Jornada
    /// could explain it: every file broken at its first row.
    /// </summary>
    [Fact]
    public async Task an_altered_first_ballot_with_the_record_whole_is_not_hinted_to_be_a_mix_up()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;
        var lines = export.Ballots.TrimEnd('\n').Split('\n');
        var first = lines[1].Split(',');
        first[1] = first[1] == "A" ? "B" : "A";
        lines[1] = string.Join(',', first);
        var altered = string.Join('\n', lines) + "\n";
        const string note = "Nota: con el sello de otra Jornada";

        var (exitCode, said) = await VerifyFilesAsync(id, altered, export.Seal, export.Record, export.Parsed.RecordHash);
        var otherId = Guid.NewGuid();
        var (foreignExit, foreign) = await VerifyFilesAsync(otherId, export.Ballots, export.Seal.Replace(id.ToString(), otherId.ToString()), export.Record);

        Assert.Equal((1, 1), (exitCode, foreignExit));
        Assert.Contains("ALTERADA. Primera ruptura en la fila 1", said);
        Assert.DoesNotContain(note, said);
        Assert.Contains("ALTERADA. Primera ruptura en la fila 1", foreign);
        Assert.Contains(note, foreign);
        // Nor is it hinted to be another Jornada's ballots: the file still ends at the seal's final hash.
        Assert.DoesNotContain(AuditVerifier.ForeignBallots, said);
        Assert.DoesNotContain(AuditVerifier.ForeignBallots, (await PageAsync(id, altered, export.Seal, export.Record, export.Parsed.RecordHash!)).Reasons);
    }

    /// <summary>
    /// Another Jornada's ballots (or record) saved under this Jornada's name, with this Jornada's seal and other file:
    /// it breaks at its first row while the other file holds, and both verifiers said «NO ÍNTEGRA» with no hint of a
    /// mix-up (the note on the seal needs every file broken at its first row). The file does not end as the seal says (its
    /// last ballot stores another final hash; no event stores the seal's record hash): a note says it may be another
    /// Jornada's. The verdict is the same.
    /// </summary>
    [Fact]
    public async Task another_jornadas_file_under_this_jornadas_name_is_hinted_to_be_a_mix_up()
    {
        var export = await ExportOfAClosedJornadaAsync();
        var other = await ExportOfAClosedJornadaAsync();
        var id = export.Parsed.JornadaId;

        foreach (var (what, ballots, record, note, notThat) in new[]
        {
            ("boletas de otra Jornada", other.Ballots, export.Record, AuditVerifier.ForeignBallots, AuditVerifier.ForeignRecord),
            ("registro de otra Jornada", export.Ballots, other.Record, AuditVerifier.ForeignRecord, AuditVerifier.ForeignBallots),
        })
        {
            var (exitCode, said) = await VerifyFilesAsync(id, ballots, export.Seal, record, export.Parsed.RecordHash);
            Assert.True(exitCode == 1, $"{what}: {said}");
            Assert.Contains("NO ÍNTEGRA", said);
            Assert.Contains("Nota: " + note, said);
            Assert.DoesNotContain(notThat, said);
            Assert.DoesNotContain("Nota: con el sello de otra Jornada", said);

            var page = await PageAsync(id, ballots, export.Seal, record, export.Parsed.RecordHash!);
            Assert.False(page.Intact, what);
            Assert.Contains(note, page.Reasons);
            Assert.DoesNotContain(notThat, page.Reasons);
        }
        // The files as exported: no note. Nor with the record's first event altered: the close still stores the seal's hash.
        var (_, whole) = await VerifyFilesAsync(id, export.Ballots, export.Seal, export.Record, export.Parsed.RecordHash);
        Assert.DoesNotContain(AuditVerifier.ForeignBallots, whole);
        Assert.DoesNotContain(AuditVerifier.ForeignRecord, whole);
        var lines = export.Record.Split('\n');
        Assert.Contains("prueba", lines[1]);
        lines[1] = lines[1].Replace("prueba", "pruebo");
        var alteredRecord = string.Join('\n', lines);
        var (alteredExit, alteredSaid) = await VerifyFilesAsync(id, export.Ballots, export.Seal, alteredRecord, export.Parsed.RecordHash);
        Assert.True(alteredExit == 1 && alteredSaid.Contains("REGISTRO ALTERADO. Primera ruptura en el evento 1"), alteredSaid);
        Assert.DoesNotContain(AuditVerifier.ForeignRecord, alteredSaid);
        Assert.DoesNotContain("Nota:", alteredSaid);
        var alteredPage = await PageAsync(id, export.Ballots, export.Seal, alteredRecord, export.Parsed.RecordHash!);
        Assert.False(alteredPage.Intact);
        Assert.DoesNotContain(AuditVerifier.ForeignRecord, alteredPage.Reasons);
    }
}
