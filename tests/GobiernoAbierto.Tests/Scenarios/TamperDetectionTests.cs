using GobiernoAbierto.Jornadas;
using System.Net.Http.Json;
using System.Net;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>IEEQ runs `verify` after someone with database access changed, removed or inserted a ballot.</summary>
[Collection(SharedService.Name)]
public sealed class when_the_ballot_box_is_tampered_with(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private async Task<Guid> SealedJornadaAsync(int ballots = 6)
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        for (var i = 0; i < ballots; i++)
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), i % 2 == 0 ? "A" : "B"));
        await _api.CloseAsync(id);
        return id;
    }

    private async Task<(int ExitCode, string Output)> VerifyDatabaseAsync(Guid id, params string[] extra)
    {
        var output = new StringWriter();
        var code = await VerifyCommand.RunAsync(
            ["--database", service.ConnectionString, "--schema", service.Schema, "--jornada", id.ToString(), .. extra], output, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task the_export_and_verify_read_exactly_the_ballot_events_that_were_appended()
    {
        var id = await SealedJornadaAsync(ballots: 5);

        using var store = AuditRecords.OpenStore(service.ConnectionString, service.Schema);
        await using var session = store.QuerySession();
        var appended = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<BallotCast>()
            .Select(b => new ExportedBallot(b.Position, b.OptionId, b.Channel.Code(), b.KioskId, b.Receipt, b.PreviousHash, b.Hash))
            .ToList();
        using var export = new StringReader(await (await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/ballots.csv")).Content.ReadAsStringAsync());

        Assert.Equal(5, appended.Count);
        Assert.Equal(appended, AuditRecords.ParseCsv(export).ToList());
        Assert.Equal(appended, await AuditRecords.ReadBallotsAsync(session, id).ToListAsync());
        Assert.Equal(appended[^1].Hash, (await AuditRecords.ReadSealAsync(session, id))!.FinalHash);
    }

    [Fact]
    public async Task an_untouched_jornada_verifies_from_the_database_and_from_the_export()
    {
        var id = await SealedJornadaAsync();
        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(0, code);
        Assert.Contains("ÍNTEGRA", output);
        // Without the hash noted at the close, intact says only that what was read agrees with itself: it says so.
        Assert.Contains("Aviso: sin el hash anotado al cierre (--expected-seal), esto prueba que lo que guarda esta base concuerda consigo mismo", output);

        var folder = Directory.CreateTempSubdirectory("ieeq-");
        var ballots = Path.Combine(folder.FullName, "boletas.csv");
        var seal = Path.Combine(folder.FullName, "sello.json");
        await File.WriteAllTextAsync(ballots, await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv"));
        await File.WriteAllTextAsync(seal, await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/seal"));
        var exported = new StringWriter();
        Assert.Equal(0, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", seal], exported, exported));
        Assert.EndsWith("el hash anotado prueba además que no se rehicieron.", exported.ToString().TrimEnd());

        // One changed option in the exported file is caught at its line.
        var lines = await File.ReadAllLinesAsync(ballots);
        var fields = lines[4].Split(',');
        fields[1] = fields[1] == "A" ? "B" : "A";
        lines[4] = string.Join(',', fields);
        await File.WriteAllLinesAsync(ballots, lines);
        var tampered = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", seal], tampered, tampered));
        Assert.Contains("posición 4", tampered.ToString());
        Assert.StartsWith("NO ÍNTEGRA", tampered.ToString().TrimEnd().Split('\n')[^1]); // the verdict is the last line
        Assert.Contains("alterada", tampered.ToString());
    }

    /// <summary>
    /// The Jornada the service keeps (mt_doc_jornada) is where the live tally, the results and the publication read the
    /// count. An outside auditor swapped its counts (and its seal's) with one UPDATE: the public results and the
    /// publication followed, every check said intact, and the IEEQ certified. Now the row is compared with its events.
    /// </summary>
    [Fact]
    public async Task a_jornada_row_whose_counts_were_swapped_is_named_and_is_neither_certified_nor_published()
    {
        var id = await SealedJornadaAsync(ballots: 5); // A 3, B 2
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        Assert.Equal(1, await _db.ExecuteAsync("""
            update {schema}.mt_doc_jornada set data = jsonb_set(jsonb_set(data, '{Counts}', '{"A": 2, "B": 3}'), '{Seal,Counts}', '{"A": 2, "B": 3}')
            where id = $1
            """, id));

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("mt_doc_jornada", output);
        Assert.All(new[] { "Counts.A", "Counts.B", "Seal.Counts.A", "Seal.Counts.B" }, field => Assert.Contains(field, output));
        var service = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.False(service.Intact);
        Assert.Contains("mt_doc_jornada", service.Store!.Reason);

        var refused = await VotingApi.ExpectProblem(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new Jornadas.CertifyTally(seal.RecordHash!, null, ExportVerified: true), VotingApi.Json), HttpStatusCode.Conflict, "verification_failed");
        Assert.StartsWith("Base de datos alterada: La Jornada que guarda el servicio", refused.GetProperty("detail").GetString());
        Assert.Contains("No se certificó nada.", refused.GetProperty("detail").GetString());
        Assert.Equal(0, await _db.ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1 and type = 'tally_certified'", id));
    }

    /// <summary>
    /// A Jornada that lives through an upgrade: its row was written by a version that did not keep some fields, and is
    /// rewritten at the next fact with those fields empty while the replay fills them in. It is not altered (a reviewer
    /// found the first version of this check refusing such a Jornada's certification); an outcome field removed is.
    /// </summary>
    [Fact]
    public async Task a_row_written_by_an_older_version_is_intact_and_a_seal_count_removed_from_it_is_not()
    {
        var id = await SealedJornadaAsync(ballots: 4);
        Assert.Equal(1, await _db.ExecuteAsync("""
            update {schema}.mt_doc_jornada set data = jsonb_set(jsonb_set(jsonb_set(data, '{RollSize}', '0'), '{OpeningHash}', 'null'),
              '{Kiosks}', (select jsonb_agg(k - 'ConfiguredAt' || '{"Fingerprint": null}') from jsonb_array_elements(data->'Kiosks') k))
            where id = $1
            """, id));
        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.True(code == 0, output);

        Assert.Equal(1, await _db.ExecuteAsync("update {schema}.mt_doc_jornada set data = data #- '{Seal,Counts}' where id = $1", id));
        (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("difiere en Seal.Counts", output);
    }

    [Fact]
    public async Task a_jornada_row_altered_after_the_certification_is_not_published()
    {
        var id = await SealedJornadaAsync(ballots: 5);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        await VotingApi.Expect(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new Jornadas.CertifyTally(seal.RecordHash!, null, ExportVerified: true), VotingApi.Json), HttpStatusCode.OK);
        Assert.Equal(1, await _db.ExecuteAsync("""
            update {schema}.mt_doc_jornada set data = jsonb_set(data, '{Seal,Counts}', '{"A": 2, "B": 3}') where id = $1
            """, id));

        var refused = await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null),
            HttpStatusCode.Conflict, "verification_failed");
        Assert.Contains("Seal.Counts.A", refused.GetProperty("detail").GetString());
        Assert.Contains("No se publicó nada.", refused.GetProperty("detail").GetString());
        Assert.Equal(0, await _db.ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1 and type = 'chosen_project_published'", id));
    }

    /// <summary>
    /// The participations table is who took part: a row deleted by hand lets that person vote twice, a row added turns one
    /// away as if they had voted. Neither touches a ballot, the chain or the record, and every check said intact (a
    /// red-team's reading); they are counted against the turnout events each commit writes with them.
    /// </summary>
    [Fact]
    public async Task a_participation_deleted_or_added_by_hand_is_named_while_the_jornada_is_open_and_after_its_close()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var voter = Voters.UniqueClave();
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, "A"));
        for (var i = 0; i < 2; i++) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), "B"));
        Assert.Equal(0, (await VerifyDatabaseAsync(id)).ExitCode);

        var key = await _db.ScalarAsync<string>("select voter_key from {schema}.participations where jornada_id = $1 limit 1", id);
        var row = await _db.ScalarAsync<string>("select colonia_id from {schema}.participations where jornada_id = $1 and voter_key = $2", id, key);
        Assert.Equal(1, await _db.ExecuteAsync("delete from {schema}.participations where jornada_id = $1 and voter_key = $2", id, key));
        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains($"La tabla participations registra 2 personas en la colonia «{row}» y los eventos de participación (turnout_recorded) suman 3", output);
        var seen = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.False(seen.Intact);
        Assert.Contains("votar dos veces", seen.Store!.Reason);

        Assert.Equal(1, await _db.ExecuteAsync("insert into {schema}.participations (jornada_id, voter_key, colonia_id) values ($1, $2, $3)", id, key, row));
        Assert.Equal(0, (await VerifyDatabaseAsync(id)).ExitCode); // put back as it was

        // One added with a turnout event made to agree: there are still only three ballots.
        const string bump = """
            update {schema}.mt_events set data = jsonb_set(data, array['ByColonia', $2], to_jsonb((data->'ByColonia'->>$2)::int + $3))
            where seq_id = (select min(seq_id) from {schema}.mt_events where stream_id = $1 and type = 'turnout_recorded')
            """;
        Assert.Equal(1, await _db.ExecuteAsync("insert into {schema}.participations (jornada_id, voter_key, colonia_id) values ($1, 'añadida-a-mano', $2)", id, row));
        Assert.Equal(1, await _db.ExecuteAsync(bump, id, row, 1));
        (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("La tabla participations registra 4 personas, y hay 3 boletas en la cadena y 0 en la urna sellada", output);
        Assert.Equal(1, await _db.ExecuteAsync("delete from {schema}.participations where jornada_id = $1 and voter_key = 'añadida-a-mano'", id));
        Assert.Equal(1, await _db.ExecuteAsync(bump, id, row, -1));

        await _api.CloseAsync(id);
        Assert.Equal(1, await _db.ExecuteAsync("insert into {schema}.participations (jornada_id, voter_key, colonia_id) values ($1, 'añadida-a-mano', $2)", id, row));
        (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains($"registra 4 personas en la colonia «{row}»", output);
    }

    /// <summary>
    /// With a roll, only its people take part: a participation moved to another key (the same count, so the turnout
    /// agrees) frees the person it belonged to to vote again. And every participation leaves its note, in the same commit.
    /// </summary>
    [Fact]
    public async Task a_participation_moved_off_the_roll_or_a_note_removed_by_hand_is_named()
    {
        string[] voters = [Voters.UniqueClave(), Voters.UniqueClave(), Voters.UniqueClave()];
        var jornada = await _api.OpenOnlineJornadaAsync(voters);
        foreach (var voter in voters[..2])
            await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter]));
        Assert.Equal(0, (await VerifyDatabaseAsync(jornada.Id)).ExitCode);

        Assert.Equal(1, await _db.ExecuteAsync("""
            update {schema}.participations set voter_key = 'fuera-del-padron' where jornada_id = $1
              and voter_key = (select voter_key from {schema}.participations where jornada_id = $1 limit 1)
            """, jornada.Id));
        var (code, output) = await VerifyDatabaseAsync(jornada.Id);
        Assert.Equal(1, code);
        Assert.Contains("La tabla participations registra 1 persona que no está en el padrón de esta Jornada (tabla voter_roll)", output);

        Assert.Equal(1, await _db.ExecuteAsync("delete from {schema}.participations where jornada_id = $1 and voter_key = 'fuera-del-padron'", jornada.Id));
        Assert.Equal(1, await _db.ExecuteAsync("""
            insert into {schema}.participations (jornada_id, voter_key, colonia_id)
            select $1, n.voter_key, 'loma-bonita' from {schema}.voter_roll n where n.jornada_id = $1
              and not exists (select from {schema}.participations p where p.jornada_id = $1 and p.voter_key = n.voter_key) limit 1
            """, jornada.Id)); // the count and the roll agree again, with the third person, who did not vote, in it
        Assert.Equal(1, await _db.ExecuteAsync(
            "delete from {schema}.participation_notes where ctid = (select ctid from {schema}.participation_notes where jornada_id = $1 limit 1)", jornada.Id));
        (code, output) = await VerifyDatabaseAsync(jornada.Id);
        Assert.Equal(1, code);
        Assert.Contains("La tabla participation_notes tiene 1 constancias de participación y la tabla participations 2 personas", output);

        // No note at all is how a Jornada whose ballots predate the notes reads: not called altered for that.
        Assert.Equal(1, await _db.ExecuteAsync("delete from {schema}.participation_notes where jornada_id = $1", jornada.Id));
        (code, output) = await VerifyDatabaseAsync(jornada.Id);
        Assert.True(code == 0, output);
    }

    /// <summary>
    /// A red team, as a database administrator, added a kiosk credential of its own (the plain SHA-256 of a token it made)
    /// and cast ballots at kiosk speed, clave only, in the names of people who had not voted: the outcome changed and every
    /// check said intact. A credential is now stored under a hash keyed with the server secret: a row made by hand opens nothing.
    /// </summary>
    [Fact]
    public async Task a_kiosk_credential_added_to_the_database_by_hand_casts_nothing()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var token = KioskCredential.NewToken();
        var plain = Hosting.BearerAuthenticationHandler.HashToken(token);
        Assert.Equal(1, await _db.ExecuteAsync("""
            insert into {schema}.mt_doc_kioskcredential (id, data, mt_dotnet_type)
            values ($1, jsonb_build_object('Id', $1::text, 'Setup', false, 'KioskId', 'kiosco-1', 'JornadaId', $2::text), 'GobiernoAbierto.Jornadas.KioskCredential')
            """, plain, id.ToString()));

        var forged = _api.Kiosk(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/kiosk/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await VotingApi.VoteAsync(forged, id, Voters.UniqueClave(), "B")).StatusCode);
        Assert.Equal(0, await _db.ParticipationCountAsync(id));
    }

    [Fact]
    public async Task a_changed_ballot_is_named()
    {
        var id = await SealedJornadaAsync();
        await _db.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(data, '{OptionId}', case when data->>'OptionId' = 'A' then '"B"' else '"A"' end::jsonb)
            where stream_id = $1 and type = 'ballot_cast' and (data->>'Position')::int = 3
            """, id);
        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("posición 3", output);
        Assert.Contains("alterada", output);
    }

    [Fact]
    public async Task a_deleted_ballot_is_named()
    {
        var id = await SealedJornadaAsync();
        await _db.ExecuteAsync("delete from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast' and (data->>'Position')::int = 2", id);
        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("Falta la boleta 2", output);
    }

    [Fact]
    public async Task an_inserted_ballot_is_named_even_when_its_hash_is_forged_correctly()
    {
        var id = await SealedJornadaAsync();
        var head = await _db.ScalarAsync<string>(
            "select data->>'Hash' from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast' order by seq_id desc limit 1", id);
        const string receipt = "FAKE-0000-0001";
        var hash = BallotChain.Hash(id, 7, "A", "kiosk", "kiosco-1", receipt, head);
        await InsertBallotEventAsync(id, 7, receipt, head, hash);

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("la boleta 7 en adelante se agregó después del cierre", output);

        // Even if the seal were rewritten too, the hash IEEQ wrote down at the close catches it.
        var sealAtClose = (await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/seal"));
        Assert.Contains(head, sealAtClose);
    }

    [Fact]
    public async Task a_ballot_slipped_into_the_middle_is_named()
    {
        var id = await SealedJornadaAsync();
        var previous = await _db.ScalarAsync<string>(
            "select data->>'Hash' from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast' and (data->>'Position')::int = 2", id);
        const string receipt = "FAKE-0000-0003";
        await InsertBallotEventAsync(id, 3, receipt, previous, BallotChain.Hash(id, 3, "B", "kiosk", "kiosco-1", receipt, previous));

        var (code, output) = await VerifyDatabaseAsync(id);
        Assert.Equal(1, code);
        Assert.Contains("La posición 3 aparece otra vez", output);
        Assert.Contains(receipt, output);
    }

    private Task InsertBallotEventAsync(Guid id, int position, string receipt, string previous, string hash) =>
        _db.ExecuteAsync($$"""
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, "timestamp", tenant_id, mt_dotnet_type, is_archived)
            select nextval('{schema}.mt_events_sequence'), gen_random_uuid(), $1, (select max(version) + 1000 from {schema}.mt_events where stream_id = $1),
                   jsonb_build_object('JornadaId', $1::text, 'Position', {{position}}, 'OptionId', 'A', 'Channel', 'Kiosk', 'KioskId', 'kiosco-1',
                                      'Receipt', '{{receipt}}', 'PreviousHash', $2::text, 'Hash', $3::text),
                   'ballot_cast', now(), '*DEFAULT*', 'GobiernoAbierto.Jornadas.BallotCast, GobiernoAbierto', false
            """, id, previous, hash);
}
