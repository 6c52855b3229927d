using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Marten;
using Marten.Events;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>The padrón: staff upload the lista nominal extract as CSV; every line is checked and a bad one loads nothing.</summary>
[Collection(SharedService.Name)]
public sealed class when_staff_upload_the_voter_roll(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private async Task<Guid> PreparingAsync()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        return jornada.Id;
    }

    private Task<HttpResponseMessage> UploadAsync(Guid id, HttpContent csv) => _api.Staff.PutAsync($"/api/jornadas/{id}/voter-roll/csv", csv);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private Task<long> RollRowsAsync(Guid id) => _db.ScalarAsync<long>("select count(*) from {schema}.voter_roll where jornada_id = $1", id);

    [Fact]
    public async Task a_good_file_loads_every_person_with_their_colonia_and_records_its_digest()
    {
        var id = await PreparingAsync();
        var (a, b) = (Voters.UniqueClave(), Voters.UniqueClave());

        var summary = await VotingApi.Read<VoterRollSummary>(await UploadAsync(id,
            Csv($"\uFEFFseccion,clave_elector,colonia\r\n0123,{a},loma-bonita\r\n0456,\"{b.ToLowerInvariant()}\",Sonterra\r\n")));

        Assert.Equal((2, true), (summary.Entries, summary.ColoniasFromRoll));
        Assert.Matches("^[0-9a-f]{64}$", summary.RollDigest);
        // What the letters get: each line's folio, colonia and the identifier's last four characters.
        Assert.Equal([(2, "loma-bonita", a[^4..]), (3, "sonterra", b[^4..])], (await RollAsync(id)).Select(e => (e.Folio!.Value, e.ColoniaId!, e.IdentifierTail!)));
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));
        Assert.True(details.HasVoterRoll && details.ColoniasFromRoll);
        // Only keyed hashes and sealed letters: not the identifier, nor the line of the padrón a voter key came from
        // (with the municipality's file it would name who took part), nor the identifier's tail.
        var stored = string.Join(' ', (await _db.RowsAsync(
                "select voter_key || coalesce(folio::text, '-') || coalesce(identifier_tail, '-') || folio_key || encode(letter, 'hex') from {schema}.voter_roll where jornada_id = $1", id))
            .Select(r => (string)r[0]!));
        Assert.DoesNotContain(a, stored);
        Assert.DoesNotContain(a[^4..], stored);
        Assert.DoesNotContain(b[^4..], stored);
        Assert.Equal(0, await _db.ScalarAsync<long>("select count(*) from {schema}.voter_roll where jornada_id = $1 and (folio is not null or identifier_tail is not null)", id));
    }

    /// <summary>
    /// The same padrón sent again (a retry after a lost answer, a second click) added a fact to the record each time; the
    /// same people in another order is another padrón (each letter's folio is its line).
    /// </summary>
    [Fact]
    public async Task the_same_file_again_changes_nothing_and_records_nothing_but_another_order_is_loaded()
    {
        var id = await PreparingAsync();
        var (a, b) = (Voters.UniqueClave(), Voters.UniqueClave());
        var file = $"clave_elector,colonia\n{a},loma-bonita\n{b},sonterra\n";
        await VotingApi.Read<VoterRollSummary>(await UploadAsync(id, Csv(file)));

        var again = await VotingApi.Read<VoterRollSummary>(await UploadAsync(id, Csv(file.Replace("\n", "\r\n"))));

        Assert.Equal("Es el mismo padrón que ya estaba cargado (2 personas): no cambió nada.", again.Message);
        Assert.Equal(1, await RollFactsAsync(id));
        var reordered = await VotingApi.Read<VoterRollSummary>(await UploadAsync(id, Csv($"clave_elector,colonia\n{b},sonterra\n{a},loma-bonita\n")));
        Assert.StartsWith("Padrón cargado: 2 personas", reordered.Message);
        Assert.Equal(again.RollDigest, reordered.RollDigest); // the digest is of who and where, not of the lines
        Assert.Equal(2, await RollFactsAsync(id));
        Assert.Equal([(2, b[^4..]), (3, a[^4..])], (await RollAsync(id)).Select(e => (e.Folio!.Value, e.IdentifierTail!)));
        await VotingApi.Read<VoterRollSummary>(await UploadAsync(id, Csv($"clave_elector,colonia\n{b},loma-bonita\n{a},loma-bonita\n"))); // a colonia changed
        Assert.Equal(3, await RollFactsAsync(id));
    }

    private async Task<int> RollFactsAsync(Guid id)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is VoterRollLoaded);
    }

    /// <summary>The roll as the service reads it to print the letters (its letters opened with the server secret).</summary>
    private async Task<List<GobiernoAbierto.Ballots.RollEntry>> RollAsync(Guid id)
    {
        await using var connection = await service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await service.Services.GetRequiredService<GobiernoAbierto.Ballots.VotingTables>().RollAsync(connection, id);
    }

    [Fact]
    public async Task bad_lines_are_reported_by_number_and_reason_and_nothing_is_loaded()
    {
        var id = await PreparingAsync();
        var good = Voters.UniqueClave();

        var problem = await VotingApi.ExpectProblem(await UploadAsync(id, Csv(
            $"clave_elector,colonia\n{good},loma-bonita\nNO-ES-CLAVE,loma-bonita\n{Voters.UniqueClave()},centro-historico\n{good.ToLowerInvariant()},sonterra\n{Voters.UniqueClave()}\n")),
            HttpStatusCode.UnprocessableEntity, "invalid_voter_roll");

        Assert.Equal(4, problem.GetProperty("badLines").GetInt32());
        var lines = problem.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("line").GetInt64(), l.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([3L, 4L, 5L, 6L], lines.Select(l => l.Item1));
        Assert.StartsWith("Formato inválido", lines[0].Item2);
        Assert.Contains("Colonia desconocida «centro-historico»", lines[1].Item2);
        Assert.Contains("ya está en la línea 2", lines[2].Item2);
        Assert.StartsWith("Faltan columnas", lines[3].Item2);
        Assert.Equal(0, await RollRowsAsync(id));
        Assert.False((await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).HasVoterRoll);
    }

    /// <summary>A real colonia of Querétaro that this Jornada does not cover was called «desconocida»: it is named, as outside the Jornada.</summary>
    [Fact]
    public async Task a_colonia_of_queretaro_outside_the_jornada_is_said_to_be_outside_it_not_unknown()
    {
        var plan = GobiernoAbierto.Territory.QueretaroTerritory.Plan2020;
        var loma = plan.Colonias.Single(c => c.Id == "loma-bonita");
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()) with
        {
            Delegaciones = plan.Delegaciones.Where(d => d.Id == loma.DelegacionId).ToList(), Colonias = [loma],
        });

        var problem = await VotingApi.ExpectProblem(await UploadAsync(jornada.Id, Csv(
            $"clave_elector,colonia\n{Voters.UniqueClave()},loma-bonita\n{Voters.UniqueClave()},Rancho San Pedro I\n{Voters.UniqueClave()},centro-historico\n")),
            HttpStatusCode.UnprocessableEntity, "invalid_voter_roll");

        var reasons = problem.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reason").GetString()!).ToList();
        Assert.StartsWith("La colonia «Rancho San Pedro I» no forma parte de esta Jornada", reasons[0]);
        Assert.DoesNotContain("desconocida", reasons[0]);
        Assert.StartsWith("Colonia desconocida «centro-historico»", reasons[1]);
    }

    [Fact]
    public async Task a_file_excel_saved_with_semicolons_and_colonias_by_their_names_loads()
    {
        var id = await PreparingAsync();

        await VotingApi.Expect(await UploadAsync(id, Csv(
            $"clave_elector;colonia\r\n{Voters.UniqueClave()};Francisco Villa I\r\n{Voters.UniqueClave()};\"LOMA BONITA\"\r\n{Voters.UniqueClave()};sonterra\r\n")),
            HttpStatusCode.OK);

        Assert.Equal(["francisco-villa-i", "loma-bonita", "sonterra"], (await RollAsync(id)).Select(e => e.ColoniaId));
    }

    /// <summary>
    /// Two people a line under a header naming its column twice loaded one of them, silently; a quote left open made the
    /// rest of the line its value (an outside tester). Both are refused, nothing loaded.
    /// </summary>
    [Fact]
    public async Task a_column_named_twice_or_a_quote_left_open_is_refused_and_nothing_loads()
    {
        var id = await PreparingAsync();

        var twice = await VotingApi.ExpectProblem(await UploadAsync(id, Csv(
            $"clave_elector,clave_elector,colonia\n{Voters.UniqueClave()},{Voters.UniqueClave()},loma-bonita\n")), HttpStatusCode.BadRequest, "voter_roll_repeated_column");
        Assert.Contains("dos veces la misma columna («clave_elector» repite", twice.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await UploadAsync(id, Csv($"clave_elector,colonia,colonia_id\n{Voters.UniqueClave()},loma-bonita,sonterra\n")),
            HttpStatusCode.BadRequest, "voter_roll_repeated_column");
        var open = await VotingApi.ExpectProblem(await UploadAsync(id, Csv(
            $"clave_elector,colonia\n{Voters.UniqueClave()},loma-bonita\n{Voters.UniqueClave()},\"Loma Bonita\n")), HttpStatusCode.UnprocessableEntity, "invalid_voter_roll");
        Assert.Contains("La línea 3 no se puede cargar (Hay unas comillas sin cerrar", open.GetProperty("detail").GetString());
        // The same file uploaded as a form (curl -F) is told how to send it, not that its header is missing.
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"clave_elector,colonia\n{Voters.UniqueClave()},loma-bonita\n")), "file", "padron.csv" } };
        var asForm = await VotingApi.ExpectProblem(await _api.Staff.PutAsync($"/api/jornadas/{id}/voter-roll/csv", form), HttpStatusCode.BadRequest, "voter_roll_sent_as_form");
        Assert.Contains("--data-binary", asForm.GetProperty("detail").GetString());
        // JSON sent here instead of to …/voter-roll is told where it goes (it was read as a CSV without its header).
        var asJson = await VotingApi.ExpectProblem(await _api.Staff.PutAsync($"/api/jornadas/{id}/voter-roll/csv",
            new StringContent($"{{\"identifiers\":[\"{Voters.UniqueClave()}\"]}}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType, "voter_roll_sent_as_json");
        Assert.Contains("PUT /api/jornadas/{id}/voter-roll", asJson.GetProperty("detail").GetString());
        Assert.Equal(0, await RollRowsAsync(id));
        // A column the reader does not use may repeat, as real extracts do.
        await VotingApi.Expect(await UploadAsync(id, Csv($"clave_elector,telefono,colonia,telefono\n{Voters.UniqueClave()},1,loma-bonita,2\n")), HttpStatusCode.OK);
        Assert.Equal(1, await RollRowsAsync(id));
    }

    /// <summary>A CURP roll for a clave-de-elector Jornada used to be refused line by line, every line «Formato inválido».</summary>
    [Fact]
    public async Task a_roll_of_the_other_identifier_is_refused_once_naming_its_column_not_line_by_line()
    {
        var id = await PreparingAsync(); // clave de elector

        var problem = await VotingApi.ExpectProblem(await UploadAsync(id, Csv($"CURP,colonia\nGODE561231HQTRRL08,loma-bonita\nPEGJ800101HQTRRN09,sonterra\n")),
            HttpStatusCode.BadRequest, "voter_roll_other_identifier");

        Assert.Equal("El archivo trae la columna «CURP», pero en esta Jornada se vota con la clave de elector: cargue el padrón con la columna " +
            "«clave_elector». No se cargó nada.", problem.GetProperty("detail").GetString());
        Assert.Equal("Padrón no cargado", problem.GetProperty("title").GetString()); // what staff read first, not «Solicitud inválida»
        Assert.False(problem.TryGetProperty("lines", out _));
        Assert.Equal(0, await RollRowsAsync(id));

        // A file with both columns is read by the Jornada's own.
        await VotingApi.Expect(await UploadAsync(id, Csv($"curp,clave_elector,colonia\nGODE561231HQTRRL08,{Voters.UniqueClave()},loma-bonita\n")), HttpStatusCode.OK);
        Assert.Equal(1, await RollRowsAsync(id));
    }

    [Fact]
    public async Task a_file_without_its_header_or_not_in_utf8_is_refused_saying_how_to_fix_it()
    {
        var id = await PreparingAsync();
        await VotingApi.ExpectProblem(await UploadAsync(id, Csv($"{Voters.UniqueClave()},loma-bonita\n")), HttpStatusCode.BadRequest, "voter_roll_no_header");
        var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes($"clave_elector,colonia\n{Voters.UniqueClave()},Peña\n"));
        await VotingApi.ExpectProblem(await UploadAsync(id, latin1), HttpStatusCode.BadRequest, "voter_roll_not_utf8");
        // The line it is on, not where the reader had got to: it said «línea 1» for a byte on line 5, «2999» for one on 3,002.
        foreach (var badLine in new[] { 5, 3002 })
        {
            var lines = Enumerable.Range(2, badLine - 2).Select(_ => Encoding.UTF8.GetBytes($"{Voters.UniqueClave()},loma-bonita\n"));
            byte[] file = [.. Encoding.UTF8.GetBytes("clave_elector,colonia\n"), .. lines.SelectMany(l => l),
                .. Encoding.Latin1.GetBytes($"{Voters.UniqueClave()},Peña\n"), .. Encoding.UTF8.GetBytes($"{Voters.UniqueClave()},loma-bonita\n")];
            var refused = await VotingApi.ExpectProblem(await UploadAsync(id, new ByteArrayContent(file)), HttpStatusCode.BadRequest, "voter_roll_not_utf8");
            Assert.Contains($"El archivo no está en UTF-8 (línea {badLine}).", refused.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await RollRowsAsync(id));
    }

    /// <summary>
    /// The API takes bodies up to 1 MB (Hosting.BodyLimits); the padrón, as CSV or as JSON, is the one legitimately large
    /// upload (up to 64 MB): a file of 60,000 people, about 1.9 MB, still loads.
    /// </summary>
    [Fact]
    public async Task a_roll_of_megabytes_still_loads_as_csv_and_as_json()
    {
        var voters = Enumerable.Range(0, 60_000).Select(n => Voters.Clave(n, "MB")).ToList();
        var csv = Csv("clave_elector,colonia\n" + string.Concat(voters.Select(v => $"{v},loma-bonita\n")));
        Assert.True(csv.Headers.ContentLength > Hosting.BodyLimits.Default, $"{csv.Headers.ContentLength} bytes");
        var id = await PreparingAsync();
        Assert.Equal(60_000, (await VotingApi.Read<VoterRollSummary>(await UploadAsync(id, csv))).Entries);

        var json = JsonContent.Create(new LoadVoterRoll(voters), options: VotingApi.Json);
        await json.LoadIntoBufferAsync();
        Assert.True(json.Headers.ContentLength > Hosting.BodyLimits.Default, $"{json.Headers.ContentLength} bytes");
        id = await PreparingAsync();
        Assert.Equal(60_000, (await VotingApi.Read<VoterRollSummary>(await _api.Staff.PutAsync($"/api/jornadas/{id}/voter-roll", json))).Entries);
        Assert.Equal(60_000, await RollRowsAsync(id));
    }

    [Fact]
    public async Task more_than_500000_people_or_a_100_mb_file_is_refused_without_loading_anything()
    {
        var id = await PreparingAsync();
        var rows = new StringBuilder("clave_elector,colonia\n");
        for (var n = 0; n <= VoterRollFile.MaxRows; n++) rows.Append(Voters.Clave(n)).Append(",loma-bonita\n");
        await VotingApi.ExpectProblem(await UploadAsync(id, Csv(rows.ToString())), HttpStatusCode.RequestEntityTooLarge, "voter_roll_too_large");

        const long hundredMegabytes = 100L * 1024 * 1024;
        var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/jornadas/{id}/voter-roll/csv")
        {
            Content = new StreamContent(new RepeatingStream("clave_elector,colonia\n"u8.ToArray(), hundredMegabytes)) { Headers = { ContentLength = hundredMegabytes } },
        };
        upload.Headers.ExpectContinue = true; // as curl does for a big upload: the answer comes before the file is sent
        await VotingApi.ExpectProblem(await _api.Staff.SendAsync(upload), HttpStatusCode.RequestEntityTooLarge, "voter_roll_too_large");
        Assert.Equal(0, await RollRowsAsync(id));
    }

    /// <summary>A header and then the same byte over and over, up to a length: a big upload without holding it in memory.</summary>
    private sealed class RepeatingStream(byte[] header, long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++, _position++) buffer[offset + i] = _position < header.Length ? header[_position] : (byte)'A';
            return n;
        }
    }
}

/// <summary>Online ballots: the identifier and the voting code of the letter, from the credential authority.</summary>
[Collection(SharedService.Name)]
public sealed class when_residents_vote_online_with_their_voting_code(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private Task<HttpResponseMessage> VoteAsync(Guid id, string voter, string? code, string option = "A") =>
        VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, code, option);

    [Fact]
    public async Task only_the_right_code_for_the_right_person_votes_and_every_wrong_one_gets_the_same_answer()
    {
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        var code = jornada.Codes[voter];

        var missing = await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, null), HttpStatusCode.BadRequest, "voting_code_required");
        Assert.Equal("Falta el código de votación", missing.GetProperty("title").GetString()); // a resident's words, not «Solicitud inválida»
        var mistyped = await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, code[..^1] + (code[^1] == '7' ? '8' : '7')), HttpStatusCode.BadRequest,
            "voting_code_mistyped");
        Assert.Equal("Revise el código de votación", mistyped.GetProperty("title").GetString());
        var wrong = await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, jornada.Codes[other]), HttpStatusCode.Forbidden,
            "invalid_voting_credentials");
        var invented = await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, Voters.UniqueClave(), code), HttpStatusCode.Forbidden,
            "invalid_voting_credentials");
        Assert.Equal(wrong.GetProperty("detail").GetString(), invented.GetProperty("detail").GetString()); // no oracle: same words

        var receipt = await VotingApi.ReceiptOf(await VoteAsync(jornada.Id, $" {voter.ToLowerInvariant()} ", code.ToLowerInvariant().Replace("-", " ")));
        await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, code), HttpStatusCode.Conflict, "already_voted");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(jornada.KioskToken), jornada.Id, voter), HttpStatusCode.Conflict, "already_voted");
        Assert.Equal(1, await _db.ParticipationCountAsync(jornada.Id));
        Assert.True((await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);
    }

    [Fact]
    public async Task invented_identifiers_are_never_accepted_whatever_code_they_bring()
    {
        var real = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([real]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ =>
            VoteAsync(jornada.Id, Voters.UniqueClave(), GobiernoAbierto.Credentials.VotingCode.New())));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        Assert.Equal(0, await _db.ParticipationCountAsync(jornada.Id));
    }

    [Fact]
    public async Task wrong_codes_typed_by_someone_who_knows_the_clave_never_keep_its_owner_from_voting()
    {
        // A clave is on every photocopy of an INE card: a lock by identifier would let anyone keep its owner from voting
        // online. The code's 75 random bits are what no number of guesses gets past.
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        for (var i = 0; i < 10; i++)
        {
            await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, jornada.Codes[other]), HttpStatusCode.Forbidden, "invalid_voting_credentials");
            await VotingApi.ExpectProblem(await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/participation-check",
                new { voterId = voter, votingCode = GobiernoAbierto.Credentials.VotingCode.New() }), HttpStatusCode.Forbidden, "invalid_voting_credentials");
        }

        var check = await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/participation-check",
            new { voterId = voter, votingCode = jornada.Codes[voter] });
        Assert.False((await VotingApi.Read<ParticipationStatus>(check)).Voted);
        await VotingApi.ReceiptOf(await VoteAsync(jornada.Id, voter, jornada.Codes[voter]));
        Assert.Equal(1, await _db.ParticipationCountAsync(jornada.Id));
    }

    [Fact]
    public async Task a_reissued_letter_revokes_the_earlier_code()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        const int folio = 2; // the roll file's line: the header is line 1
        var reissue = $"/api/jornadas/{jornada.Id}/voting-codes/reissue";

        var response = await _api.CredentialAuthority.PostAsJsonAsync(reissue,
            new GobiernoAbierto.Credentials.ReissueVotingCode(folio, "La carta no llegó"), VotingApi.Json);
        await VotingApi.Expect(response, HttpStatusCode.OK);
        var zip = await response.Content.ReadAsByteArrayAsync();
        var newCode = Assert.Single(LetterCsv.Read(zip)).Value;
        Assert.Contains("Carta de reposición del", LetterCsv.Text(zip)); // which of two letters votes

        var revoked = await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, jornada.Codes[voter]), HttpStatusCode.Forbidden, "voting_code_revoked");
        // Whoever holds the first letter and asked for no other is where a letter asked for in their name shows: told where to go.
        Assert.Contains("Si usted no pidió una carta nueva, acuda de inmediato al IEEQ", revoked.GetProperty("detail").GetString());
        await VotingApi.ReceiptOf(await VoteAsync(jornada.Id, voter, newCode));

        // After the vote too: a refusal would tell the authority, folio by folio, who took part. The new letter's code
        // votes no more, and it tells its holder that someone voted with their data.
        var afterVote = await _api.CredentialAuthority.PostAsJsonAsync(reissue,
            new GobiernoAbierto.Credentials.ReissueVotingCode(folio, "Dice que no votó"), VotingApi.Json);
        await VotingApi.Expect(afterVote, HttpStatusCode.OK);
        var thirdCode = Assert.Single(LetterCsv.Read(await afterVote.Content.ReadAsByteArrayAsync())).Value;
        await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, thirdCode), HttpStatusCode.Conflict, "already_voted");
        // Every code a reissue replaced still says so, the first one too (it said «wrong code» after a second reissue).
        await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, jornada.Codes[voter]), HttpStatusCode.Forbidden, "voting_code_revoked");
        await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, newCode), HttpStatusCode.Forbidden, "voting_code_revoked");
        await VotingApi.ExpectProblem(await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/participation-check",
            new { voterId = voter, votingCode = jornada.Codes[voter] }), HttpStatusCode.Forbidden, "voting_code_revoked");
        var check = await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/participation-check", new { voterId = voter, votingCode = thirdCode });
        Assert.True((await VotingApi.Read<ParticipationStatus>(check)).Voted);
        Assert.Equal(1, await _db.ParticipationCountAsync(jornada.Id));
        await VotingApi.ExpectProblem(await _api.CredentialAuthority.PostAsJsonAsync(reissue,
            new GobiernoAbierto.Credentials.ReissueVotingCode(99, "No existe"), VotingApi.Json), HttpStatusCode.NotFound, "folio_not_on_voter_roll");
    }

    /// <summary>
    /// A reissue's code is kept nowhere to give back: sent again under its Idempotency-Key (a lost answer retried, a
    /// client sending twice at once) it made a second code each time, and each voided the letter just handed out.
    /// </summary>
    [Fact]
    public async Task a_reissue_sent_again_under_its_idempotency_key_leaves_the_letter_it_made_valid()
    {
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> ReissueAsync(string? idempotencyKey, int folio = 2)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornada.Id}/voting-codes/reissue")
            {
                Content = JsonContent.Create(new GobiernoAbierto.Credentials.ReissueVotingCode(folio, "La carta no llegó"), options: VotingApi.Json),
            };
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            return _api.CredentialAuthority.SendAsync(request);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ReissueAsync(key)));

        var letter = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var code = Assert.Single(LetterCsv.Read(await letter.Content.ReadAsByteArrayAsync())).Value;
        foreach (var repeat in answers.Where(a => a != letter))
            Assert.Contains("la carta que se descargó entonces es la que vale",
                (await VotingApi.ExpectProblem(repeat, HttpStatusCode.Conflict, "letter_already_reissued")).GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await ReissueAsync(key), HttpStatusCode.Conflict, "letter_already_reissued"); // later, too
        await VotingApi.ExpectProblem(await ReissueAsync("corta"), HttpStatusCode.BadRequest, "invalid_idempotency_key");
        // The key is kept with the person of the folio it reissued: with another folio it reissues that one.
        var otherLetter = await ReissueAsync(key, folio: 3);
        await VotingApi.Expect(otherLetter, HttpStatusCode.OK);
        Assert.Equal([3], LetterCsv.Read(await otherLetter.Content.ReadAsByteArrayAsync()).Keys);
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var log = await VotingApi.Read<Audit.AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/log"));
        Assert.Single(log.Entries, e => e.Action.StartsWith("Emitió de nuevo la carta del folio 2", StringComparison.Ordinal));
        await VotingApi.ReceiptOf(await VoteAsync(jornada.Id, voter, code)); // the one letter made still votes

        // A new request is a new reissue, as before: its letter replaces the other.
        Assert.Single(LetterCsv.Read(await (await ReissueAsync(Guid.NewGuid().ToString())).Content.ReadAsByteArrayAsync()));
        await VotingApi.ExpectProblem(await VoteAsync(jornada.Id, voter, code), HttpStatusCode.Forbidden, "voting_code_revoked");
    }

    [Fact]
    public async Task the_credential_authority_reissues_by_folio_and_is_never_told_nor_asked_whose_it_is()
    {
        // Whoever prints the codes and also knows an identifier could vote with it: the authority names a letter by its
        // folio alone, which the municipality gives it from its own padrón.
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);

        var byIdentifier = await _api.CredentialAuthority.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/voting-codes/reissue",
            new { voterId = voter, reason = "La carta no llegó" }, VotingApi.Json);

        var problem = await VotingApi.ExpectProblem(byIdentifier, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("folio", problem.GetProperty("errors").GetRawText());
        // Nothing else a reissue takes could carry one.
        Assert.Equal(["Folio", "Reason"], typeof(GobiernoAbierto.Credentials.ReissueVotingCode).GetProperties().Select(p => p.Name).Order());
        await VotingApi.ReceiptOf(await VoteAsync(jornada.Id, voter, jornada.Codes[voter])); // the letter's code still stands
    }

    [Fact]
    public async Task the_kiosk_takes_the_colonia_from_the_roll_not_from_what_is_typed()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter], _ => "sonterra");

        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(jornada.KioskToken), jornada.Id, voter, "A", colonia: "loma-bonita"));

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal(1, tally.TurnoutByColonia["sonterra"]);
        Assert.False(tally.TurnoutByColonia.ContainsKey("loma-bonita"));
    }

    [Fact]
    public async Task the_participation_check_says_yes_or_no_the_channel_and_the_day_never_the_choice()
    {
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        Task<HttpResponseMessage> CheckAsync(string who, string code) => _api.Anonymous.PostAsJsonAsync(
            $"/api/jornadas/{jornada.Id}/participation-check", new CheckParticipation(who, code), VotingApi.Json);

        var notYet = await VotingApi.Read<ParticipationStatus>(await CheckAsync(voter, jornada.Codes[voter]));
        Assert.False(notYet.Voted);
        Assert.StartsWith("Con sus datos no se ha emitido ningún voto en esta Jornada. Aún puede votar en línea hasta el", notYet.Message);
        await VotingApi.ExpectProblem(await CheckAsync(voter, jornada.Codes[other]), HttpStatusCode.Forbidden, "invalid_voting_credentials");

        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(jornada.KioskToken), jornada.Id, voter, "B"));
        var answer = await CheckAsync(voter, jornada.Codes[voter]);
        var status = await VotingApi.Read<ParticipationStatus>(answer);

        Assert.Equal((true, "kiosk"), (status.Voted, status.Channel));
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(service.Clock.GetUtcNow(), QueretaroTime.Zone).DateTime), status.Day);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"B\"", body);
        Assert.DoesNotContain("Banquetas", body);

        // After the close, someone who did not vote is not told there is still time.
        await _api.CloseAsync(jornada.Id);
        var closed = await VotingApi.Read<ParticipationStatus>(await CheckAsync(other, jornada.Codes[other]));
        Assert.Equal((false, "Con sus datos no se emitió ningún voto en esta Jornada. La votación ya terminó."), (closed.Voted, closed.Message));
    }

    /// <summary>
    /// Its only kiosk configured on its device and not yet authorized by the IEEQ takes no ballot, and the home page lists
    /// it nowhere to vote: the check offered it («o en un kiosco de su delegación») until the IEEQ authorizes it.
    /// </summary>
    [Fact]
    public async Task the_participation_check_offers_a_kiosk_only_once_the_ieeq_authorized_it()
    {
        var voter = Voters.UniqueClave();
        var (jornada, fingerprint) = await _api.OpenOnlineJornadaAwaitingItsKioskAsync([voter]);
        async Task<string> CheckAsync() => (await VotingApi.Read<ParticipationStatus>(await _api.Anonymous.PostAsJsonAsync(
            $"/api/jornadas/{jornada.Id}/participation-check", new CheckParticipation(voter, jornada.Codes[voter]), VotingApi.Json))).Message;
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        var closes = QueretaroTime.Format(details.VotingClosesAt);

        var kiosk = Assert.Single(details.Kiosks);
        Assert.Equal((true, false), (kiosk.AwaitsAuthorization, kiosk.TakesBallots));
        Assert.Equal($"Con sus datos no se ha emitido ningún voto en esta Jornada. Aún puede votar en línea hasta el {closes} (hora del centro de México).",
            await CheckAsync());

        await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(jornada.Id, kiosk.Id, fingerprint));
        Assert.Equal($"Con sus datos no se ha emitido ningún voto en esta Jornada. Aún puede votar en línea hasta el {closes} o en un kiosco de " +
                     $"su delegación, con su credencial del INE, hasta el {closes} (hora del centro de México).", await CheckAsync());
    }

    [Fact]
    public async Task the_database_keeps_no_code_and_nothing_that_joins_a_verifier_or_a_note_to_a_ballot()
    {
        var voters = Enumerable.Range(0, 6).Select(_ => Voters.UniqueClave()).ToArray();
        var jornada = await _api.OpenOnlineJornadaAsync(voters);
        foreach (var voter in voters) await VotingApi.ReceiptOf(await VoteAsync(jornada.Id, voter, jornada.Codes[voter], "B"));

        var dump = string.Join('\n', (await _db.RowsAsync("""
            select data::text from {schema}.mt_events
            union all select verifier || coalesce(revoked_verifier, '') || coalesce(array_to_string(reissue_requests, ' '), '') from {schema}.voting_codes
            union all select voter_key || colonia_id from {schema}.participations
            union all select check_key || encode(sealed, 'hex') from {schema}.participation_notes
            union all select voter_key || coalesce(colonia_id, '') || coalesce(folio_key, '') || encode(letter, 'hex') from {schema}.voter_roll
            """)).Select(r => (string)r[0]!));
        foreach (var code in jornada.Codes.Values)
        {
            Assert.DoesNotContain(code, dump);
            Assert.DoesNotContain(code.Replace("-", ""), dump);
        }
        // reissue_requests: keyed hashes of reissue requests' keys (VoterKeys.ReissueLookup), never a code.
        Assert.Equal(["jornada_id", "reissue_requests", "revoked_verifier", "verifier", "voter_key"], await ColumnsAsync("voting_codes"));
        Assert.Equal(["check_key", "jornada_id", "sealed"], await ColumnsAsync("participation_notes"));
        // Notes are not filed under the voter key, so they do not join participations.
        var keys = (await _db.RowsAsync("select voter_key from {schema}.participations where jornada_id = $1", jornada.Id)).Select(r => (string)r[0]!).ToHashSet();
        Assert.DoesNotContain((await _db.RowsAsync("select check_key from {schema}.participation_notes where jornada_id = $1", jornada.Id))
            .Select(r => (string)r[0]!), keys.Contains);
    }

    private async Task<string[]> ColumnsAsync(string table) => [.. (await _db.RowsAsync(
            "select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by 1", service.Schema, table))
        .Select(r => (string)r[0]!)];
}

/// <summary>Preparing the online channel: the order the credential authority and staff must follow.</summary>
[Collection(SharedService.Name)]
public sealed class when_the_online_channel_is_prepared(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task it_opens_only_with_a_roll_and_codes_issued_once_before_online_voting_starts_and_then_the_roll_is_fixed()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(30), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);

        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{jornada.Id}/open", null), HttpStatusCode.Conflict, "online_voting_not_ready");
        await VotingApi.ExpectProblem(await _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornada.Id}/voting-codes", null),
            HttpStatusCode.Conflict, "voter_roll_missing");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{jornada.Id}/voting-codes", null), HttpStatusCode.Forbidden, "forbidden");

        var voters = new[] { Voters.UniqueClave(), Voters.UniqueClave(), Voters.UniqueClave() };
        await _api.LoadRollCsvAsync(jornada.Id, voters);
        var issue = await _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornada.Id}/voting-codes", null);
        await VotingApi.Expect(issue, HttpStatusCode.OK);
        var zip = await issue.Content.ReadAsByteArrayAsync();
        Assert.Equal(3, LetterCsv.Read(zip).Count);
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip)))
        using (var pdf = new MemoryStream())
        {
            await archive.GetEntry("cartas.pdf")!.Open().CopyToAsync(pdf);
            pdf.Position = 0;
            Assert.Equal(3, PdfSharp.Pdf.IO.PdfReader.Open(pdf, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import).PageCount);
        }

        await VotingApi.ExpectProblem(await _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornada.Id}/voting-codes", null),
            HttpStatusCode.Conflict, "voting_codes_already_issued");
        await VotingApi.ExpectProblem(await _api.Staff.PutAsync($"/api/jornadas/{jornada.Id}/voter-roll/csv",
            new StringContent($"clave_elector,colonia\n{Voters.UniqueClave()},loma-bonita\n", Encoding.UTF8, "text/csv")), HttpStatusCode.Conflict, "voter_roll_locked");

        await VotingApi.Expect(await _api.Staff.PostAsync($"/api/jornadas/{jornada.Id}/open", null), HttpStatusCode.OK);
        // Kiosks take ballots now; online voting starts in half an hour.
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voters[0], "0000-0000-0000-0000"),
            HttpStatusCode.Conflict, "outside_online_window");
    }

    /// <summary>Two clicks, or the desk and the API, at once: the lock the verifiers are stored under lets one through.</summary>
    [Fact]
    public async Task codes_asked_for_twice_at_once_are_issued_once()
    {
        var (jornadaId, voters) = await JornadaWithRollAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornadaId}/voting-codes", null)));

        var issued = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(voters.Length, LetterCsv.Read(await issued.Content.ReadAsByteArrayAsync()).Count);
        // Refused at once while the first one's letters are being made on this instance, or under the lock after it.
        var second = Assert.Single(answers, a => a != issued);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var code = System.Text.Json.JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
        Assert.Contains(code, new[] { "voting_codes_being_issued", "voting_codes_already_issued" });
    }

    /// <summary>
    /// The letters are made before the Jornada's lock is taken (minutes for a big roll, which would hold every kiosk's
    /// ballots): a roll loaded again meanwhile makes the codes prepared for the old one refused, with nothing stored.
    /// </summary>
    /// <summary>
    /// While one issue's letters are made or its codes wait to be stored, a second for the same Jornada is refused at
    /// once instead of making every letter again; the first one then issues them.
    /// </summary>
    [Fact]
    public async Task a_second_issue_while_the_first_is_under_way_is_refused_at_once()
    {
        var (jornadaId, voters) = await JornadaWithRollAsync();
        Task<HttpResponseMessage> first;
        HttpResponseMessage second;
        await using (await JornadaLock.HoldAsync(service, jornadaId))
        {
            first = _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornadaId}/voting-codes", null);
            await JornadaLock.CommitsWaitingAsync(service, 1); // its letters made, it waits for the Jornada's lock
            second = await _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornadaId}/voting-codes", null);
        }
        await VotingApi.ExpectProblem(second, HttpStatusCode.Conflict, "voting_codes_being_issued");
        var issued = await first;
        await VotingApi.Expect(issued, HttpStatusCode.OK);
        Assert.Equal(voters.Length, LetterCsv.Read(await issued.Content.ReadAsByteArrayAsync()).Count);
    }

    /// <param name="samePeopleReordered">The same people in another order: the same keys, other folios on the letters.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task codes_prepared_for_a_roll_loaded_again_meanwhile_are_refused_and_the_new_roll_gets_its_own(bool samePeopleReordered)
    {
        var (jornadaId, voters) = await JornadaWithRollAsync();
        var tables = service.Services.GetRequiredService<VotingTables>();
        var keys = service.Services.GetRequiredService<VoterKeys>();
        var writes = service.Services.GetRequiredService<Hosting.StreamWrites>();
        Credentials.IssueVotingCodesEndpoint.PreparedCodes prepared;
        await using (var connection = await service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var jornada = await session.LoadAsync<Jornada>(jornadaId);
            prepared = (await Credentials.IssueVotingCodesEndpoint.PrepareAsync(jornada!, connection, tables, keys, "IEEQ", service.Clock.GetUtcNow(),
                replaces: null, CancellationToken.None)).Codes!;
        }
        var newVoters = samePeopleReordered ? voters.Reverse().ToArray() : [Voters.UniqueClave(), Voters.UniqueClave()];
        await _api.LoadRollCsvAsync(jornadaId, newVoters);

        var refusal = await writes.DecideAsync<Jornada>(jornadaId, (jornada, session) => Credentials.IssueVotingCodesEndpoint.IssueAsync(jornada,
            prepared, session.Connection!, tables, "IEEQ", service.Clock.GetUtcNow(), CancellationToken.None), CancellationToken.None, exclusive: true);

        Assert.Equal("voter_roll_changed", refusal?.Code);
        Assert.Equal(newVoters.Length, (await _api.IssueCodesAsync(jornadaId)).Count); // nothing of the refused ones was kept
    }

    private async Task<(Guid JornadaId, string[] Voters)> JornadaWithRollAsync()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(30), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);
        var voters = new[] { Voters.UniqueClave(), Voters.UniqueClave(), Voters.UniqueClave() };
        await _api.LoadRollCsvAsync(jornada.Id, voters);
        return (jornada.Id, voters);
    }
}

/// <summary>Attempts on a locked account, on a service of its own (its address's count of console failures is this test's alone).</summary>
public sealed class when_someone_hammers_a_locked_account(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    /// <summary>
    /// Each attempt on a locked account still costs a password hash and the account's row lock: they count against the
    /// address like wrong passwords, so hammering a locked account from one address soon gets no answer at all.
    /// </summary>
    [Fact]
    public async Task attempts_on_a_locked_account_count_against_the_address()
    {
        var account = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        Guid id;
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            id = (await session.Query<Accounts.Account>().SingleAsync(a => a.UserName == account.UserName)).Id;
        var now = service.Clock.GetUtcNow();
        Assert.Null(await service.Services.GetRequiredService<Hosting.StreamWrites>().DecideAsync<Accounts.Account>(id,
            _ => Decision.Accept([.. Enumerable.Range(0, Accounts.Account.FailuresBeforeLockout).Select(_ => new Accounts.SignInFailed(id, now))]),
            CancellationToken.None)); // locked by attempts from elsewhere

        using var browser = ConsoleAccounts.FormClient(service);
        for (var i = 0; i < 3; i++) // RateLimitedService: three failures a minute
            Assert.Contains("Cuenta bloqueada", await (await ConsoleAccounts.PostSignInAsync(browser, account.UserName, "otra contraseña", "123456"))
                .Content.ReadAsStringAsync());
        Assert.Contains("Espere un momento", await (await ConsoleAccounts.PostSignInAsync(browser, account.UserName, "otra contraseña", "123456"))
            .Content.ReadAsStringAsync());
    }
}

/// <summary>A service with tight rate limits: three of each per minute from one address.</summary>
public sealed class RateLimitedService() : ServiceHost(TestDatabase.NewSchemaName(), permitsPerMinute: 3);

public sealed class when_a_script_hammers_the_service(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    private readonly VotingApi _api = new(service);

    private static async Task ExpectTooMany(HttpResponseMessage response)
    {
        var problem = await VotingApi.ExpectProblem(response, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Contains("Espere un momento", problem.GetProperty("detail").GetString());
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single()), 1, 60);
    }

    /// <summary>
    /// Wrong bearer tokens and wrong console sign-ins are counted apart: a script with a wrong token behind the office's
    /// one address must not keep the staff there out of the console; the console's own failures still have their limit.
    /// </summary>
    [Fact]
    public async Task wrong_tokens_from_an_address_do_not_keep_its_people_out_of_the_console()
    {
        using var script = service.Client("token-equivocado-de-un-script");
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        HttpResponseMessage answer;
        var tries = 0;
        do answer = await script.GetAsync($"/api/jornadas/{jornada.Id}/tally");
        while (answer.StatusCode == HttpStatusCode.Unauthorized && ++tries < 10);
        await ExpectTooMany(answer);

        using var browser = ConsoleAccounts.FormClient(service);
        async Task<string> SignInAsync() => await (await ConsoleAccounts.PostSignInAsync(browser, "maria.lopez.hammer", "no es la contraseña", "123456"))
            .Content.ReadAsStringAsync();
        Assert.Contains("El usuario, la contraseña o el código de la aplicación no son correctos.", await SignInAsync());

        string page;
        tries = 0;
        do page = await SignInAsync();
        while (!page.Contains("Espere un momento") && ++tries < 10);
        Assert.Contains("Espere un momento", page);
    }

    /// <summary>Whoever kept a kiosk's spent configuration link cannot use up that kiosk's ballots a minute, nor a kiosk of another Jornada with the same id.</summary>
    [Fact]
    public async Task a_spent_kiosk_link_hammering_the_ballots_leaves_the_kiosks_own_allowance_alone()
    {
        var (id, device) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = await _api.RegisterKioskLinkAsync(id, "kiosco-2");
        await _api.ConfigureKioskAsync(id, link);
        var (otherId, otherDevice) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow()); // its kiosk is «kiosco-1» too

        for (var i = 0; i < 3; i++)
            await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(link.Credential), id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_not_configured");
        await ExpectTooMany(await VotingApi.VoteAsync(_api.Kiosk(link.Credential), id, Voters.UniqueClave()));
        for (var i = 0; i < 3; i++)
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(otherDevice), otherId, Voters.UniqueClave()));

        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device), id, Voters.UniqueClave()))));
    }

    [Fact]
    public async Task guessing_codes_online_gets_429_with_retry_after_from_the_fourth_ballot_a_minute()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        for (var i = 0; i < 3; i++)
            await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, Voters.UniqueClave(),
                GobiernoAbierto.Credentials.VotingCode.New()), HttpStatusCode.Forbidden, "invalid_voting_credentials");
        await ExpectTooMany(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, Voters.UniqueClave(), GobiernoAbierto.Credentials.VotingCode.New()));

        // Operators see it: the refusal is counted by policy, with no address or credential as a label.
        await Task.Delay(TimeSpan.FromSeconds(1)); // the exporter caches a scrape briefly
        using var scraper = service.Client(ServiceHost.MetricsToken);
        var scrape = Prometheus.Parse(await scraper.GetStringAsync("/metrics"));
        Assert.True(scrape.Value("gobiernoabierto_rate_limited_total", ("policy", "ballots")) >= 1);
        Assert.DoesNotContain(scrape.Samples, s => s.Name == "gobiernoabierto_rate_limited_total" && s.Labels.Keys.Any(k => k is not ("policy" or "otel_scope_name" or "otel_scope_version")));
    }

    [Fact]
    public async Task guessing_receipts_gets_429_with_retry_after()
    {
        for (var i = 0; i < 3; i++) await VotingApi.Expect(await _api.Anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD"), HttpStatusCode.OK);
        await ExpectTooMany(await _api.Anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD"));
    }

    [Fact]
    public async Task guessing_bearer_credentials_gets_429_with_retry_after_instead_of_401()
    {
        using var guesser = service.Client("kiosco_adivinanza");
        for (var i = 0; i < 3; i++) await VotingApi.ExpectProblem(await guesser.GetAsync("/api/kiosk/session"), HttpStatusCode.Unauthorized, "unauthenticated");
        await ExpectTooMany(await guesser.GetAsync("/api/kiosk/session"));
    }
}

/// <summary>Tight rate limits (three a minute) behind a reverse proxy on this machine: the client is whom X-Forwarded-For names.</summary>
public sealed class RateLimitedBehindProxyService() : ServiceHost(TestDatabase.NewSchemaName(), permitsPerMinute: 3,
    settings: new Dictionary<string, string?> { [Hosting.PublicHosting.KnownProxiesKey] = "127.0.0.1" });

public sealed class when_one_machine_rotates_through_the_addresses_of_its_ipv6_network(RateLimitedBehindProxyService service)
    : IClassFixture<RateLimitedBehindProxyService>
{
    private HttpClient From(string address)
    {
        var client = service.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>
    /// A machine holds its whole /64 and may take a new address of it for every request: the limit counts the /64, so a
    /// new address of it gets no new allowance, and a neighbour in the next /64 keeps its own.
    /// </summary>
    [Fact]
    public async Task a_new_address_of_the_same_64_shares_the_limit()
    {
        for (var i = 1; i <= 3; i++)
        {
            using var client = From($"2001:db8:1:2::{i}");
            await VotingApi.Expect(await client.GetAsync("/api/receipts/7K3M-Q9XA-2BFD"), HttpStatusCode.OK);
        }
        using (var rotated = From("2001:db8:1:2:aaaa:bbbb:cccc:4"))
        {
            var refused = await rotated.GetAsync("/api/receipts/7K3M-Q9XA-2BFD");
            await VotingApi.ExpectProblem(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
        }

        using var neighbour = From("2001:db8:1:3::1");
        await VotingApi.Expect(await neighbour.GetAsync("/api/receipts/7K3M-Q9XA-2BFD"), HttpStatusCode.OK);
    }
}
