using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Someone with database access changes the Jornada's record in mt_events — the voting window, a kiosk, the roll's
/// digest — inserts a kiosk, or deletes the certification; `verify --database`, the export checked with `verify`, and
/// the service's own check (GET …/audit/verification, what the IEEQ reads) each name the event.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_jornadas_record_is_tampered_with(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    /// <summary>
    /// A Jornada with every kind of fact: options, a kiosk, online voting, a roll, codes, opening, a kiosk registered
    /// while open and an early close (both countersigned by the IEEQ), ballots, the certification.
    /// </summary>
    private async Task<Guid> CertifiedJornadaAsync()
    {
        var voters = Enumerable.Range(0, 6).Select(_ => Voters.UniqueClave()).ToList();
        var jornada = await _api.OpenOnlineJornadaAsync(voters);
        await _api.CountersignAsync(jornada.Id, VotingApi.KioskCountersignature("kiosco-2", "El kiosco 1 no enciende."));
        var second = await _api.RegisterKioskAsync(jornada.Id, "kiosco-2");
        for (var i = 0; i < voters.Count; i++)
            await VotingApi.ReceiptOf(i % 2 == 0
                ? await VotingApi.VoteAsync(_api.Kiosk(i < 3 ? jornada.KioskToken : second), jornada.Id, voters[i], i % 3 == 0 ? "B" : "A")
                : await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voters[i], jornada.Codes[voters[i]], "A"));
        await _api.CloseAsync(jornada.Id);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/certification",
            new CertifyTally(seal.FinalHash, "Sin incidencias.", ExportVerified: true), VotingApi.Json));
        return jornada.Id;
    }

    private async Task<(int ExitCode, string Output)> VerifyDatabaseAsync(Guid id, params string[] extra)
    {
        var output = new StringWriter();
        var code = await VerifyCommand.RunAsync(
            ["--database", service.ConnectionString, "--schema", service.Schema, "--jornada", id.ToString(), .. extra], output, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task verify_database_with_an_id_no_jornada_has_or_a_schema_without_the_store_cannot_check_and_raises_no_alarm()
    {
        var (code, output) = await VerifyDatabaseAsync(Guid.NewGuid());
        var wrongSchema = new StringWriter();
        var wrongSchemaCode = await VerifyCommand.RunAsync(
            ["--database", service.ConnectionString, "--schema", "otro_esquema", "--jornada", Guid.NewGuid().ToString()], wrongSchema, wrongSchema);

        var process = await new ProcessApi(_api).StartAsync();
        var (processCode, processOutput) = await VerifyDatabaseAsync(process.Id);

        Assert.Equal((2, 2, 2), (code, wrongSchemaCode, processCode));
        Assert.Contains("no existe una Jornada con el identificador", output);
        Assert.DoesNotContain("ALTERAD", output);
        Assert.Contains("el esquema «otro_esquema» de esa base de datos no tiene el registro de GobiernoAbierto", wrongSchema.ToString());
        Assert.Contains("es de otro registro de esa base de datos", processOutput);
    }

    [Fact]
    public async Task a_deleted_creation_is_named_as_altered_not_as_a_jornada_that_does_not_exist()
    {
        var id = await CertifiedJornadaAsync();
        Assert.Equal(1, await _db.ExecuteAsync("delete from {schema}.mt_events where stream_id = $1 and type = 'jornada_created'", id));

        var (code, output) = await VerifyDatabaseAsync(id);

        Assert.Equal(1, code);
        Assert.Contains("REGISTRO ALTERADO", output);
        Assert.DoesNotContain("no existe una Jornada", output);
    }

    private async Task<AuditVerification> ServiceCheckAsync(Guid id) =>
        await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));

    /// <summary>The three exported files, written where an auditor would keep them.</summary>
    private async Task<(string Ballots, string Seal, string Record)> ExportAsync(Guid id)
    {
        var folder = Directory.CreateTempSubdirectory("ieeq-registro-").FullName;
        var files = (Path.Combine(folder, "boletas.csv"), Path.Combine(folder, "sello.json"), Path.Combine(folder, "registro.csv"));
        await File.WriteAllTextAsync(files.Item1, await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv"));
        await File.WriteAllTextAsync(files.Item2, await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/seal"));
        await File.WriteAllTextAsync(files.Item3, await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
        return files;
    }

    private static async Task<(int ExitCode, string Output)> VerifyFilesAsync((string Ballots, string Seal, string Record) files, params string[] extra)
    {
        var output = new StringWriter();
        var code = await VerifyCommand.RunAsync(["--ballots", files.Ballots, "--seal", files.Seal, "--record", files.Record, .. extra], output, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task an_untouched_record_verifies_from_the_database_the_export_and_the_services_check()
    {
        var id = await CertifiedJornadaAsync();

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.True(code == 0, output);
        Assert.Contains("ÍNTEGRA", output);

        var check = await ServiceCheckAsync(id);
        Assert.True(check.Intact, check.Record?.FirstBreak?.Reason ?? check.Store?.Reason ?? check.FirstBreak?.Reason);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        Assert.Equal(seal.RecordHash, check.Record!.SealHash);
        var types = (await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv")).Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')[1]).ToList();
        Assert.Equal(["jornada_created", "ballot_options_set", "kiosk_registered", "kiosk_activated", "kiosk_authorized", "online_channel_enabled", "voter_roll_loaded",
            "voting_codes_issued", "jornada_opened", "countersignature_requested", "countersignature_granted", "kiosk_registered", "kiosk_activated", "kiosk_authorized",
            "countersignature_requested",
            "countersignature_granted", "jornada_closed", "tally_certified"], types);
        Assert.Equal(types.Count, check.Record.FactsChecked);

        var files = await ExportAsync(id);
        var (fileCode, fileOutput) = await VerifyFilesAsync(files, "--expected-seal", seal.RecordHash!.ToUpperInvariant());
        Assert.True(fileCode == 0, fileOutput);
        Assert.Contains("es el sello del registro", fileOutput);
        Assert.Contains("ÍNTEGRA", fileOutput);
        Assert.DoesNotContain("sin el hash anotado", fileOutput);
        // As the seal sheet prints it, in groups of eight.
        var (groupedCode, groupedOutput) = await VerifyFilesAsync(files, "--expected-seal",
            string.Join(' ', seal.RecordHash!.Chunk(8).Select(group => new string(group))));
        Assert.True(groupedCode == 0, groupedOutput);
        Assert.Contains("es el sello del registro", groupedOutput);

        var (wrongCode, wrongOutput) = await VerifyFilesAsync(files, "--expected-seal", new string('7', 64));
        Assert.Equal(1, wrongCode);
        Assert.Contains("HASH ANOTADO NO COINCIDE", wrongOutput);

        // Only sello.json altered: the seal file is named, and the auditor's own note is not put in doubt.
        await File.WriteAllTextAsync(files.Seal, (await File.ReadAllTextAsync(files.Seal)).Replace(seal.RecordHash!, new string('0', 64)));
        var (sealCode, sealOutput) = await VerifyFilesAsync(files, "--expected-seal", seal.RecordHash!);
        Assert.Equal(1, sealCode);
        Assert.Contains($"El sello (sello.json) dice que el hash del cierre del registro es {new string('0', 64)}; el cierre del registro, que " +
                        $"concuerda con las boletas y con el hash anotado, dice {seal.RecordHash}: se alteró el sello.", sealOutput);
        Assert.DoesNotContain("HASH ANOTADO NO COINCIDE", sealOutput);
        Assert.Contains("lo que anotó coincide", sealOutput);
        // The record's links all hold and its close is the noted hash: it is not called altered, the seal file is.
        Assert.Contains($"EL SELLO (sello.json) NO CONCUERDA con el cierre del registro (evento {seal.RecordPosition}), que concuerda con las boletas:", sealOutput);
        Assert.DoesNotContain("REGISTRO ALTERADO", sealOutput);
        Assert.StartsWith("NO ÍNTEGRA: no certifique con estos archivos", sealOutput.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task a_voting_window_changed_in_mt_events_is_named()
    {
        var id = await CertifiedJornadaAsync();
        var files = await ExportAsync(id);

        Assert.Equal(1, await _db.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(data, '{VotingClosesAt}', to_jsonb('2031-01-01T00:00:00+00:00'::text))
            where stream_id = $1 and type = 'jornada_created'
            """, id));

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("REGISTRO ALTERADO. Primera ruptura en el evento 1 (creación de la Jornada)", output);
        Assert.Contains("fue alterado", output);
        var check = await ServiceCheckAsync(id);
        Assert.False(check.Intact);
        Assert.Equal((1L, "jornada_created"), (check.Record!.FirstBreak!.Position, check.Record.FirstBreak.Type));

        // The export made after the change carries the changed window with the hash written before it: caught at its line.
        var altered = await ExportAsync(id);
        var (fileCode, fileOutput) = await VerifyFilesAsync(altered);
        Assert.Equal(1, fileCode);
        Assert.Contains("evento 1 (creación de la Jornada), línea 2 del archivo", fileOutput);
        // The export made before it still verifies: the IEEQ's copy is the reference.
        Assert.Equal(0, (await VerifyFilesAsync(files)).ExitCode);
    }

    [Fact]
    public async Task a_kiosk_changed_in_mt_events_is_named()
    {
        var id = await CertifiedJornadaAsync();
        await _db.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(data, '{CredentialHash}', to_jsonb(repeat('e', 64)))
            where stream_id = $1 and type = 'kiosk_registered' and data->>'KioskId' = 'kiosco-2'
            """, id);

        var (code, output) = await VerifyDatabaseAsync(id);

        Assert.Equal(1, code);
        Assert.Contains("El evento 12 (registro de un kiosco) fue alterado", output);
        var broken = (await ServiceCheckAsync(id)).Record!.FirstBreak!;
        Assert.Equal((12L, "kiosk_registered"), (broken.Position, broken.Type));
        // The IEEQ's desk names the fact in Spanish too, never by its type.
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        var desk = System.Net.WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{id}?handler=Verification"));
        Assert.Contains("La primera diferencia está en el acto 12 (registro de un kiosco): El evento 12 (registro de un kiosco) fue alterado", desk);
        Assert.DoesNotContain("kiosk_registered", desk);
    }

    /// <summary>
    /// A withdrawn Jornada has no seal: the desk offered its record as «el registro definitivo» and no check of it. Now it
    /// offers the service's check (and the steps for the record alone): intact, then its withdrawal changed in mt_events is named.
    /// </summary>
    [Fact]
    public async Task the_desk_checks_a_withdrawn_jornadas_record_in_the_server()
    {
        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(created.Id);
        var withdrawal = await _api.Staff.PostAsJsonAsync($"/api/jornadas/{created.Id}/withdraw", new WithdrawJornada("Se creó por error."), VotingApi.Json);
        Assert.True(withdrawal.IsSuccessStatusCode, await withdrawal.Content.ReadAsStringAsync());
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));

        var page = System.Net.WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{created.Id}"));
        Assert.Contains("Verificar la cadena en el servidor", page);
        Assert.Contains($"verify --record registro-{created.Id}.csv", page);
        var intact = System.Net.WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{created.Id}?handler=Verification"));
        Assert.Contains("data-verification=\"intact\"", intact);
        Assert.Contains("La Jornada se retiró: no tiene boletas ni sello, y su registro termina con el retiro.", intact);

        await _db.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(data, '{Reason}', to_jsonb('Otra razón'::text))
            where stream_id = $1 and type = 'jornada_withdrawn'
            """, created.Id);
        var broken = System.Net.WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{created.Id}?handler=Verification"));
        Assert.Contains("data-verification=\"broken\"", broken);
        Assert.Contains("(retiro de la Jornada): El evento", broken);
        Assert.DoesNotContain("No certifique", broken);
    }

    [Fact]
    public async Task a_roll_digest_changed_in_mt_events_or_a_person_slipped_into_the_roll_is_named()
    {
        var id = await CertifiedJornadaAsync();
        await _db.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(data, '{RollDigest}', to_jsonb(repeat('0', 64)))
            where stream_id = $1 and type = 'voter_roll_loaded'
            """, id);

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("El evento 7 (carga del padrón) fue alterado", output);
        Assert.Equal("voter_roll_loaded", (await ServiceCheckAsync(id)).Record!.FirstBreak!.Type);

        // With the event left alone, a person added to the roll's table no longer matches the digest its loading recorded.
        var other = await CertifiedJornadaAsync();
        await _db.ExecuteAsync("insert into {schema}.voter_roll (jornada_id, voter_key, colonia_id, folio, identifier_tail) values ($1, 'intrusa', 'loma-bonita', 99, 'X999')", other);
        var (rollCode, rollOutput) = await VerifyDatabaseAsync(other);
        Assert.Equal(1, rollCode);
        Assert.Contains("El padrón guardado (tabla voter_roll: 7 personas", rollOutput);
        Assert.Contains("se cambió después de cargarlo", (await ServiceCheckAsync(other)).Store!.Reason);
    }

    [Fact]
    public async Task a_kiosk_registration_inserted_into_mt_events_is_named_with_or_without_forged_links()
    {
        var id = await CertifiedJornadaAsync();
        var forged = new KioskRegistered(id, "kiosco-fantasma", "Kiosco fantasma", "Ninguna", new string('f', 64), "Personal de prueba",
            service.Clock.GetUtcNow());
        await InsertAsync(id, "kiosk_registered", forged);

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("El evento de la fila 19 (registro de un kiosco) no lleva enlace del registro", output);
        Assert.Contains("versión", output);
        Assert.Equal("kiosk_registered", (await ServiceCheckAsync(id)).Record!.FirstBreak!.Type);

        // Someone who knows the encoding links it after the head: the chain holds, but a kiosk after the close breaks the rules.
        var again = await CertifiedJornadaAsync();
        var head = await _db.ScalarAsync<string>("select data->'Record'->>'Hash' from {schema}.mt_events where stream_id = $1 and type = 'tally_certified'", again);
        var linked = forged with { JornadaId = again };
        linked = linked with { Record = new RecordLink(19, head, JornadaRecord.Hash(again, 19, "kiosk_registered", JornadaRecord.Fields(linked), head)) };
        await InsertAsync(again, "kiosk_registered", linked);

        var (linkedCode, linkedOutput) = await VerifyDatabaseAsync(again);
        Assert.Equal(1, linkedCode);
        Assert.Contains("El evento 19 (registro de un kiosco) no respeta las reglas de la Jornada: la votación ya estaba cerrada", linkedOutput);
        Assert.Equal(19, (await ServiceCheckAsync(again)).Record!.FirstBreak!.Position);
    }

    /// <summary>
    /// Which hash the auditor typed (`noted`) is part of the certification's line, so changing it breaks the record. A
    /// certification stored before the service kept it (its JSON without `Noted`, linked by its line without the field)
    /// still verifies from the database, the export and the service's own check.
    /// </summary>
    [Fact]
    public async Task which_hash_was_typed_is_chained_and_a_certification_stored_before_it_was_kept_still_verifies()
    {
        var id = await CertifiedJornadaAsync(); // certified with the ballots' final hash
        const string Certification = "from {schema}.mt_events where stream_id = $1 and type = 'tally_certified'";
        Assert.Equal("FinalHash", await _db.ScalarAsync<string>($"select data ->> 'Noted' {Certification}", id));
        Assert.Contains(";noted=s:FinalHash,", await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));

        Assert.Equal(1, await _db.ExecuteAsync($"update {{schema}}.mt_events set data = jsonb_set(data, '{{Noted}}', to_jsonb('RecordSeal'::text)) where stream_id = $1 and type = 'tally_certified'", id));
        var (changedCode, changed) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, changedCode);
        Assert.Contains("certificación del cómputo por el IEEQ", changed);

        // As stored before: no Noted in the JSON, and the link computed over the line without it.
        var position = await _db.ScalarAsync<long>($"select (data -> 'Record' ->> 'Position')::bigint {Certification}", id);
        var previous = await _db.ScalarAsync<string>($"select data -> 'Record' ->> 'PreviousHash' {Certification}", id);
        Assert.Equal(1, await _db.ExecuteAsync($"update {{schema}}.mt_events set data = data - 'Noted' where stream_id = $1 and type = 'tally_certified'", id));
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var certified = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<TallyCertified>().Single();
            Assert.Null(certified.Noted);
            var fact = AuditRecords.Fact(certified);
            Assert.DoesNotContain("noted", fact.Fields);
            var linked = JornadaRecord.Hash(id, position, fact.Type, fact.Fields, previous);
            Assert.Equal(1, await _db.ExecuteAsync("update {schema}.mt_events set data = jsonb_set(data, '{Record,Hash}', to_jsonb($2::text)) where stream_id = $1 and type = 'tally_certified'", id, linked));
            Assert.Equal(1, await _db.ExecuteAsync("update {schema}.mt_doc_jornada set data = jsonb_set(data, '{RecordHead}', to_jsonb($2::text)) where id = $1", id, linked));
        }

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.True(code == 0, output);
        Assert.True((await ServiceCheckAsync(id)).Intact);
        var files = await ExportAsync(id);
        Assert.DoesNotContain("noted=", await File.ReadAllTextAsync(files.Record));
        var (filesCode, filesOutput) = await VerifyFilesAsync(files);
        Assert.True(filesCode == 0, filesOutput);
    }

    /// <summary>
    /// A Jornada called after a tie wrote down, in its fact 2, where the tied Jornada's record stood. The tied record
    /// rewritten afterwards with its link recomputed (so that it verifies alone), edited, or cut short no longer meets
    /// that note: the new Jornada's `verify --database` and the service's own check say so.
    /// </summary>
    [Fact]
    public async Task a_tied_jornadas_record_rewritten_edited_or_cut_after_the_new_jornada_was_called_is_named_by_the_new_ones_check()
    {
        var (tied, again) = await JornadaCalledAgainAfterATieAsync();
        var (intactCode, intact) = await VerifyDatabaseAsync(again);
        Assert.True(intactCode == 0, intact);
        const string Certification = "from {schema}.mt_events where stream_id = $1 and type = 'tally_certified'";
        var position = await _db.ScalarAsync<long>($"select (data -> 'Record' ->> 'Position')::bigint {Certification}", tied);
        var previous = await _db.ScalarAsync<string>($"select data -> 'Record' ->> 'PreviousHash' {Certification}", tied);
        var head = await _db.ScalarAsync<string>($"select data -> 'Record' ->> 'Hash' {Certification}", tied);
        var named = $"Esta Jornada se convocó tras la Jornada {tied:D}, cuyo registro llegaba entonces al evento {position} con hash {head}; ";

        // The tied Jornada's certification, its record's last fact at the call, rewritten whole: its link recomputed and the
        // aggregate's head moved with it, so the tied record alone verifies.
        Assert.Equal(1, await _db.ExecuteAsync($"update {{schema}}.mt_events set data = jsonb_set(data, '{{Observations}}', to_jsonb('Sin incidencias.'::text)) where stream_id = $1 and type = 'tally_certified'", tied));
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var certified = (await session.Events.FetchStreamAsync(tied)).Select(e => e.Data).OfType<TallyCertified>().Single();
            var fact = AuditRecords.Fact(certified);
            var rewritten = JornadaRecord.Hash(tied, position, fact.Type, fact.Fields, previous);
            Assert.Equal(1, await _db.ExecuteAsync("update {schema}.mt_events set data = jsonb_set(data, '{Record,Hash}', to_jsonb($2::text)) where stream_id = $1 and type = 'tally_certified'", tied, rewritten));
            Assert.Equal(1, await _db.ExecuteAsync("update {schema}.mt_doc_jornada set data = jsonb_set(data, '{RecordHead}', to_jsonb($2::text)) where id = $1", tied, rewritten));
            var (tiedCode, tiedOutput) = await VerifyDatabaseAsync(tied);
            Assert.True(tiedCode == 0, tiedOutput);

            var (rewrittenCode, rewrittenOutput) = await VerifyDatabaseAsync(again);
            var check = await ServiceCheckAsync(again);

            Assert.Equal(1, rewrittenCode);
            Assert.Contains($"{named}en el almacén ese evento tiene el hash {rewritten}: el registro de la Jornada anterior se rehízo después.", rewrittenOutput);
            Assert.False(check.Intact);
            Assert.Null(check.Store!.Version); // the finding is in the tied Jornada's record, not in this stream
        }

        // Edited without recomputing the link: the recomputed record breaks at that fact.
        Assert.Equal(1, await _db.ExecuteAsync($"update {{schema}}.mt_events set data = jsonb_set(data, '{{Observations}}', to_jsonb('Otra cosa.'::text)) where stream_id = $1 and type = 'tally_certified'", tied));
        var (editedCode, edited) = await VerifyDatabaseAsync(again);
        Assert.Equal(1, editedCode);
        Assert.Contains($"{named}en el almacén ese registro, recalculado, se rompe en el evento {position}:", edited);

        // Cut short.
        Assert.Equal(1, await _db.ExecuteAsync($"delete {Certification}", tied));
        var (cutCode, cut) = await VerifyDatabaseAsync(again);
        Assert.Equal(1, cutCode);
        Assert.Contains($"{named}en el almacén ese registro ya no tiene el evento {position} (se eliminó o se archivó).", cut);
        Assert.Contains($"ya no tiene el evento {position} (se eliminó o se archivó).", (await ServiceCheckAsync(again)).Store!.Reason);
    }

    /// <summary>A process whose Jornada ended tied (one ballot each), certified by the IEEQ, and the Jornada staff then called.</summary>
    private async Task<(Guid Tied, Guid Again)> JornadaCalledAgainAfterATieAsync()
    {
        var (id, _, _, _, tied) = await new ProcessApi(_api).AtJornadaAsync();
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(tied));
        await _api.OpenAsync(tied);
        foreach (var option in new[] { "A", "B" }) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, tied, Voters.UniqueClave(), option));
        await _api.CloseAsync(tied);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{tied}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{tied}/certification", new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
        var now = service.Clock.GetUtcNow();
        var again = (await ProcessApi.Created<NewJornadaResult>(await _api.Staff.PostAsJsonAsync($"/api/processes/{id}/jornadas",
            new CallNewJornada(now.AddMinutes(-1), now.AddHours(8)), VotingApi.Json))).JornadaId;
        return (tied, again);
    }

    [Fact]
    public async Task a_deleted_certification_is_named()
    {
        var id = await CertifiedJornadaAsync();
        Assert.Equal(1, await _db.ExecuteAsync("delete from {schema}.mt_events where stream_id = $1 and type = 'tally_certified'", id));

        var (code, output) = await VerifyDatabaseAsync(id);

        Assert.Equal(1, code);
        Assert.Contains("Falta el evento 18 del registro en adelante", output);
        Assert.Contains("no hay certificación del cómputo por el IEEQ", output);
        var check = await ServiceCheckAsync(id);
        Assert.Equal((18L, "tally_certified"), (check.Record!.FirstBreak!.Position, check.Record.FirstBreak.Type));
        Assert.Contains("falta el evento de la versión", check.Store!.Reason);
    }

    /// <summary>
    /// The publication comes after the acta, so no noted hash covers it: rewritten in the store with its link rebuilt (the
    /// option that lost, under its own title), the service's check, `verify --database` and `verify` on the export name it.
    /// </summary>
    [Fact]
    public async Task a_publication_of_the_option_that_lost_rewritten_with_its_link_in_mt_events_is_named()
    {
        var id = await CertifiedJornadaAsync();
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null));
        using var stored = JsonDocument.Parse(await _db.ScalarAsync<string>(
            "select data::text from {schema}.mt_events where stream_id = $1 and type = 'chosen_project_published'", id));
        var (winner, link) = (stored.RootElement.GetProperty("OptionId").GetString()!, stored.RootElement.GetProperty("Record"));
        var lost = winner == "A" ? "B" : "A";
        var title = await _db.ScalarAsync<string>("""
            select o->>'Title' from {schema}.mt_events, jsonb_array_elements(data->'Options') o
            where stream_id = $1 and type = 'ballot_options_set' and o->>'Id' = $2
            """, id, lost);
        var forged = new ChosenProjectPublished(id, lost, title, stored.RootElement.GetProperty("PublishedBy").GetString()!,
            stored.RootElement.GetProperty("PublishedAt").GetDateTimeOffset());
        var position = link.GetProperty("Position").GetInt64();
        var hash = JornadaRecord.Hash(id, position, "chosen_project_published", JornadaRecord.Fields(forged), link.GetProperty("PreviousHash").GetString()!);
        Assert.Equal(1, await _db.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(jsonb_set(jsonb_set(data, '{OptionId}', to_jsonb($2::text)), '{Title}', to_jsonb($3::text)),
                '{Record,Hash}', to_jsonb($4::text))
            where stream_id = $1 and type = 'chosen_project_published'
            """, id, lost, title, hash));

        var reason = $"El evento {position} (publicación del proyecto elegido) no respeta las reglas de la Jornada: publica la opción {lost} y el cierre selló la mayoría para la opción {winner}.";
        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains(reason, output);
        var broken = (await ServiceCheckAsync(id)).Record!.FirstBreak!;
        Assert.Equal((position, "chosen_project_published"), (broken.Position, broken.Type));
        var (filesCode, filesOutput) = await VerifyFilesAsync(await ExportAsync(id));
        Assert.Equal(1, filesCode);
        Assert.Contains(reason, filesOutput);
    }

    [Fact]
    public async Task a_ballot_that_names_another_jornada_in_mt_events_is_named_by_its_version()
    {
        var id = await CertifiedJornadaAsync();
        var version = await _db.ScalarAsync<long>("select min(version) from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast'", id);
        Assert.Equal(1, await _db.ExecuteAsync(
            "update {schema}.mt_events set data = jsonb_set(data, '{JornadaId}', to_jsonb(gen_random_uuid()::text)) where stream_id = $1 and version = $2",
            id, version));

        var (code, output) = await VerifyDatabaseAsync(id);

        Assert.Equal(1, code);
        Assert.Contains($"El evento de la versión {version} dice pertenecer a otra Jornada", output);
        Assert.Equal(version, (await ServiceCheckAsync(id)).Store!.Version);
    }

    [Fact]
    public async Task a_ballot_whose_fields_were_edited_away_in_mt_events_is_named_not_a_failure_to_read()
    {
        var id = await CertifiedJornadaAsync();
        var version = await _db.ScalarAsync<long>("select max(version) from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast'", id);
        Assert.Equal(1, await _db.ExecuteAsync(
            "update {schema}.mt_events set data = data - 'Position' - 'Channel' - 'Receipt' where stream_id = $1 and version = $2", id, version));

        var (code, output) = await VerifyDatabaseAsync(id);

        Assert.Equal(1, code);
        Assert.Contains("ALTERADA", output);
        var check = await ServiceCheckAsync(id);
        Assert.False(check.Intact);
        Assert.NotNull(check.FirstBreak);
    }

    private Task InsertAsync(Guid id, string type, JornadaRecordEvent fact) =>
        _db.ExecuteAsync($$"""
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, "timestamp", tenant_id, mt_dotnet_type, is_archived)
            select nextval('{schema}.mt_events_sequence'), gen_random_uuid(), $1, (select max(version) + 1 from {schema}.mt_events where stream_id = $1),
                   $2::jsonb, '{{type}}', now(), '*DEFAULT*', '{{fact.GetType().FullName}}, GobiernoAbierto', false
            """, id, JsonSerializer.Serialize(fact, fact.GetType()));
}

/// <summary>Staff, the IEEQ and voters all writing to one Jornada at once: the record never forks and verifies.</summary>
[Collection(SharedService.Name)]
public sealed class when_everyone_writes_to_a_jornada_at_once(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_services_check_while_ballots_keep_arriving_finds_nothing_amiss()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        using var stop = new CancellationTokenSource();
        var voters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var cast = 0;
            while (!stop.IsCancellationRequested && cast < 200)
            {
                await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()));
                cast++;
            }
            return cast;
        })).ToList();

        var checks = new List<AuditVerification>();
        for (var i = 0; i < 15; i++)
            checks.Add(await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification")));
        await stop.CancelAsync();

        Assert.True((await Task.WhenAll(voters)).Sum() > 0);
        Assert.All(checks, check =>
        {
            Assert.Null(check.Store?.Reason);
            Assert.Null(check.FirstBreak?.Reason);
            Assert.Null(check.Record?.FirstBreak?.Reason);
        });
    }

    /// <summary>Sends until the answer is not a lost race (409 concurrent_change), as a client would.</summary>
    private static async Task<HttpResponseMessage> UntilNoRaceAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await send();
            if (attempt < 30 && (await response.Content.ReadAsStringAsync()).Contains("\"concurrent_change\"")) continue;
            return response;
        }
    }

    [Fact]
    public async Task kiosks_countersignatures_and_ballots_racing_leave_one_linked_record()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosks = Enumerable.Range(1, 4).Select(n => $"kiosco-extra-{n}").ToList();

        var ballots = Enumerable.Range(0, 30).Select(async i =>
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), i % 2 == 0 ? "A" : "B")));
        var staff = kiosks.Select(async kiosk =>
        {
            var asked = await UntilNoRaceAsync(() => _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures",
                new RequestCountersignature(CountersignedAction.RegisterKiosk, kiosk, "Más puntos de votación.", kiosk, "Plaza"), VotingApi.Json));
            await VotingApi.Expect(asked, HttpStatusCode.Created);
            var requestId = (await asked.Content.ReadFromJsonAsync<CountersignatureView>(VotingApi.Json))!.RequestId;
            await VotingApi.Expect(await UntilNoRaceAsync(() => _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures/{requestId}/grant",
                new CountersignatureAnswer("De acuerdo."), VotingApi.Json)), HttpStatusCode.OK);
            await VotingApi.Expect(await UntilNoRaceAsync(() => _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks",
                new RegisterKiosk(kiosk, kiosk, "Plaza"), VotingApi.Json)), HttpStatusCode.Created);
            await VotingApi.Expect(await UntilNoRaceAsync(() => _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/{kiosk}/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json)), HttpStatusCode.OK);
        });
        await Task.WhenAll([.. ballots, .. staff]);
        await _api.CloseAsync(id);

        var check = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(check.Intact, check.Record?.FirstBreak?.Reason ?? check.Store?.Reason ?? check.FirstBreak?.Reason);
        Assert.Equal(30, check.BallotsChecked);
        // created, options, kiosk, its device configured, the IEEQ's authorization, opened; 4 × (requested, granted, registered, closed);
        // requested, granted, closed.
        Assert.Equal(6 + 4 * 4 + 3, check.Record!.FactsChecked);
    }
}
