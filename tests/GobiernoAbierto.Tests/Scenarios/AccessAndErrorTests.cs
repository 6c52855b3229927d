using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_someone_calls_without_the_right_role(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    public static TheoryData<string, string> StaffOnly => new()
    {
        { "POST", "/api/jornadas" },
        { "PUT", "/api/jornadas/{id}/options" },
        { "POST", "/api/jornadas/{id}/kiosks" },
        { "POST", "/api/jornadas/{id}/kiosks/kiosco-1/close" },
        { "PUT", "/api/jornadas/{id}/voter-roll" },
        { "POST", "/api/jornadas/{id}/open" },
        { "POST", "/api/jornadas/{id}/close" },
        { "POST", "/api/jornadas/{id}/publication" },
        { "POST", "/api/jornadas/{id}/countersignatures" },
        { "POST", "/api/jornadas/{id}/countersignatures/01a24495-dc24-79f0-a690-da659faee953/withdrawal" },
    };

    [Theory]
    [MemberData(nameof(StaffOnly))]
    public async Task staff_commands_answer_401_without_credentials_and_403_to_other_roles(string method, string path)
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var url = path.Replace("{id}", id.ToString());
        HttpRequestMessage Request() => new(new HttpMethod(method), url) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        var anonymous = await _api.Anonymous.SendAsync(Request());
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString()); // a 401 names the scheme it asks for
        await VotingApi.ExpectProblem(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await _api.Kiosk("wrong-token").SendAsync(Request()), HttpStatusCode.Unauthorized, "unauthenticated");
        foreach (var other in new[] { _api.Auditor, _api.Portal, _api.Kiosk(kioskToken) })
            await VotingApi.ExpectProblem(await other.SendAsync(Request()), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task before_the_close_the_ballots_are_not_exported_as_an_empty_file_and_the_record_is()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), "A"));

        var problem = await VotingApi.ExpectProblem(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/ballots.csv"),
            HttpStatusCode.Conflict, "jornada_not_sealed");
        var record = await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/record.csv");

        Assert.Contains("Las boletas se exportan cuando", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains("jornada_opened", await record.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_ballots_with_their_receipts_are_the_ieeqs_and_staff_are_told_what_they_have_instead()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(id);

        var problem = await VotingApi.ExpectProblem(await _api.Staff.GetAsync($"/api/jornadas/{id}/audit/ballots.csv"),
            HttpStatusCode.Forbidden, "ballots_export_ieeq_only");
        Assert.Contains("con el archivo y el recibo de una persona se sabe su voto", problem.GetProperty("detail").GetString());
        var ballots = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv");
        var code = await receipt;
        var line = ballots.Split('\n').Single(l => l.Contains(code)).Split(',');
        Assert.Equal("A", line[1]);
        foreach (var path in new[] { "audit/seal", "audit/record.csv", "audit/verification" })
            Assert.Equal(HttpStatusCode.OK, (await _api.Staff.GetAsync($"/api/jornadas/{id}/{path}")).StatusCode);
    }

    [Fact]
    public async Task auditor_reads_are_closed_to_voters_and_kiosks_and_the_public()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        foreach (var path in new[] { "tally", "audit/ballots.csv", "audit/seal", "audit/record.csv", "audit/log", "audit/verification", "countersignatures" })
        {
            await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/{path}"), HttpStatusCode.Unauthorized, "unauthenticated");
            await VotingApi.ExpectProblem(await _api.Portal.GetAsync($"/api/jornadas/{id}/{path}"), HttpStatusCode.Forbidden, "forbidden");
            await VotingApi.ExpectProblem(await _api.Kiosk(kioskToken).GetAsync($"/api/jornadas/{id}/{path}"), HttpStatusCode.Forbidden, "forbidden");
        }
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/ballots",
            new GobiernoAbierto.Voting.CastBallot(Voters.UniqueClave(), "loma-bonita", "A"), VotingApi.Json), HttpStatusCode.Forbidden, "forbidden");
    }
}

[Collection(SharedService.Name)]
public sealed class when_a_request_is_malformed(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task broken_json_wrong_types_and_wrong_media_type_get_spanish_problems_not_500()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var url = $"/api/jornadas/{id}/ballots";
        await VotingApi.ExpectProblem(await _api.Portal.PostAsync(url, new StringContent("{\"voterId\":", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request_body");
        await VotingApi.ExpectProblem(await _api.Portal.PostAsync(url, new StringContent("{\"voterId\": 5, \"optionId\": []}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request_body");
        await VotingApi.ExpectProblem(await _api.Portal.PostAsync(url, new StringContent("null", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "missing_request_body");
        // No body at all is told so, not that its JSON is invalid.
        var none = await VotingApi.ExpectProblem(await _api.Portal.PostAsync(url, null), HttpStatusCode.BadRequest, "missing_request_body");
        Assert.StartsWith("Falta el cuerpo de la solicitud", none.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await _api.Portal.PostAsync(url, new StringContent("voterId=x", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync("/api/jornadas", new StringContent("{\"title\":\"x\",\"votingOpensAt\":\"mañana\"}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request_body");
        Assert.Equal(0, await new Database(service).BallotCountAsync(id));
    }

    /// <summary>
    /// A body the API reads as JSON must say so. Wolverine read one with no Content-Type at all as JSON, so a valid ballot
    /// sent as bare bytes was counted (and a Jornada created); text/plain and a form's type were a 415 already. Now each
    /// is a 415 problem in Spanish that says what to send, and nothing is written; JSON with a charset, or a +json type,
    /// still counts.
    /// </summary>
    [Fact]
    public async Task a_body_not_declared_as_json_is_refused_with_415_and_nothing_is_written()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        var url = $"/api/jornadas/{id}/ballots";
        static ByteArrayContent Body(object command, string? mediaType)
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), VotingApi.Json));
            if (mediaType is not null) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
            return content;
        }
        object Ballot() => new GobiernoAbierto.Voting.CastBallot(Voters.UniqueClave(), "loma-bonita", "A");

        foreach (var mediaType in new string?[] { null, "text/plain", "application/x-www-form-urlencoded" })
        {
            var problem = await VotingApi.ExpectProblem(await kiosk.PostAsync(url, Body(Ballot(), mediaType)),
                HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
            Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString());
            Assert.Equal("Formato no admitido", problem.GetProperty("title").GetString());
        }
        Assert.Equal(0, await new Database(service).BallotCountAsync(id));

        var jornadaId = Guid.NewGuid();
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync("/api/jornadas",
            Body(VotingApi.NewJornada(service.Clock.GetUtcNow()) with { JornadaId = jornadaId }, null)), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}"), HttpStatusCode.NotFound, "not_found");

        // A media type's name in capitals is the same type (an outside tester's APPLICATION/JSON got a 415 that told them
        // to send what they had sent).
        foreach (var mediaType in new[] { "application/json; charset=utf-8", "application/json", "application/vnd.gobiernoabierto+json",
                     "APPLICATION/JSON", "Application/Json; charset=UTF-8" })
            await VotingApi.ReceiptOf(await kiosk.PostAsync(url, Body(Ballot(), mediaType)));
        Assert.Equal(5, await new Database(service).BallotCountAsync(id));

        // JSON is UTF-8: a body in UTF-16 was told it was malformed JSON; now its charset is named, and nothing counts.
        foreach (var mediaType in new[] { "application/json; charset=utf-16", "application/json; charset=\"UTF-16LE\"", "application/json;charset=iso-8859-1" })
        {
            var wide = new StringContent(JsonSerializer.Serialize(Ballot(), VotingApi.Json), Encoding.Unicode);
            wide.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
            var problem = await VotingApi.ExpectProblem(await kiosk.PostAsync(url, wide), HttpStatusCode.UnsupportedMediaType, "unsupported_charset");
            Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
        }
        foreach (var mediaType in new[] { "application/json; charset=\"utf-8\"", "application/json; charset=utf8", "application/json; charset=us-ascii" })
            await VotingApi.ReceiptOf(await kiosk.PostAsync(url, Body(Ballot(), mediaType)));
        Assert.Equal(8, await new Database(service).BallotCountAsync(id));
    }

    /// <summary>
    /// A ballot is a few hundred bytes. Under Kestrel's default limit (30 MB) a valid ballot padded with a field nobody
    /// reads to 5 MB was read, parsed and counted; now anyone's body is refused at the ballot's limit, before it is read.
    /// </summary>
    [Fact]
    public async Task a_ballot_padded_to_megabytes_is_refused_with_413_before_it_is_read_and_nothing_counts()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        var url = $"/api/jornadas/{id}/ballots";
        var voter = Voters.UniqueClave();
        StringContent Padded(int bytes) => new(
            $"{{\"voterId\":\"{voter}\",\"coloniaId\":\"loma-bonita\",\"optionId\":\"A\",\"relleno\":\"{new string('x', bytes)}\"}}",
            Encoding.UTF8, "application/json");

        // As curl sends a big body: the answer comes before the body is sent (Kestrel then closes the connection, and a
        // client still sending would see only a broken pipe).
        var big = new HttpRequestMessage(HttpMethod.Post, url) { Content = Padded(5 * 1024 * 1024) };
        big.Headers.ExpectContinue = true;
        var problem = await VotingApi.ExpectProblem(await kiosk.SendAsync(big), HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Contains("16 KB", problem.GetProperty("detail").GetString());
        Assert.Equal("Solicitud demasiado grande", problem.GetProperty("title").GetString());

        // Without a Content-Length (chunked), refused once the limit is passed: 20 KB is under the API's limit, over a ballot's.
        var chunked = new HttpRequestMessage(HttpMethod.Post, url) { Content = Padded(20 * 1024) };
        chunked.Headers.TransferEncodingChunked = true;
        await VotingApi.ExpectProblem(await kiosk.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(0, await new Database(service).BallotCountAsync(id));

        // The same ballot without the padding counts.
        await VotingApi.Expect(await kiosk.PostAsync(url, Padded(0)), HttpStatusCode.Created);
        Assert.Equal(1, await new Database(service).BallotCountAsync(id));
    }

    [Fact]
    public async Task a_value_of_the_wrong_json_type_is_refused_naming_the_field_as_the_client_sent_it()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var url = $"/api/jornadas/{id}/ballots";
        async Task<JsonElement> Refused(HttpClient client, string path, string body, HttpMethod? method = null) =>
            await VotingApi.ExpectProblem(await client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Post, path)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            }), HttpStatusCode.BadRequest, "invalid_request_body");

        var problem = await Refused(_api.Kiosk(kioskToken), url, $"{{\"voterId\":\"{Voters.UniqueClave()}\",\"coloniaId\":\"loma-bonita\",\"optionId\":1}}");
        Assert.Equal("El campo «optionId» no tiene el tipo esperado: se esperaba " + GobiernoAbierto.Hosting.WrongJsonType.Utf8Text + ".", problem.GetProperty("detail").GetString());
        Assert.Equal("Se esperaba " + GobiernoAbierto.Hosting.WrongJsonType.Utf8Text + ".", problem.GetProperty("errors").GetProperty("optionId")[0].GetString());

        // As the client spelled it (names are matched without regard to case), inside lists too.
        problem = await Refused(_api.Kiosk(kioskToken), url, "{\"OptionId\": [\"A\"]}");
        Assert.True(problem.GetProperty("errors").TryGetProperty("OptionId", out _), problem.ToString());
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        problem = await Refused(_api.Staff, $"/api/jornadas/{jornada.Id}/options",
            "{\"options\": [{\"title\": \"Cancha\", \"description\": \"Rehabilitar la cancha.\"}, {\"title\": 7}]}", HttpMethod.Put);
        Assert.Contains("«options[1].title»", problem.GetProperty("detail").GetString());
        problem = await Refused(_api.Staff, "/api/jornadas", "{\"title\": \"Jornada\", \"votingOpensAt\": true}");
        Assert.Contains("«votingOpensAt»", problem.GetProperty("detail").GetString());
        Assert.Contains("fecha y hora", problem.GetProperty("detail").GetString());
        problem = await Refused(_api.Staff, "/api/jornadas", "{\"title\": \"Jornada\", \"voterIdKind\": \"Pasaporte\"}");
        Assert.Contains("ClaveElector, Curp", problem.GetProperty("errors").GetProperty("voterIdKind")[0].GetString());
        // An enum is its name: a number (or a number in quotes) used to be taken as the enum's value, 1 as Curp.
        foreach (var number in new[] { "1", "\"1\"" })
        {
            problem = await Refused(_api.Staff, "/api/jornadas", $"{{\"title\": \"Jornada\", \"voterIdKind\": {number}}}");
            Assert.Contains("ClaveElector, Curp", problem.GetProperty("errors").GetProperty("voterIdKind")[0].GetString());
        }
        // A number in quotes is the wrong type (the web defaults read "50" as 50), and a number that does not fit says what does.
        problem = await Refused(_api.Staff, $"/api/jornadas/{jornada.Id}/options",
            "{\"options\": [{\"title\": \"Cancha\", \"description\": \"Rehabilitar.\", \"estimatedCost\": \"2400000\"}]}", HttpMethod.Put);
        Assert.Equal("Se esperaba un número sin comillas, de no más de 28 cifras (p. ej. 1250000.50).",
            problem.GetProperty("errors").GetProperty("options[0].estimatedCost")[0].GetString());
        foreach (var number in new[] { "\"1\"", "1.5", "99999999999" })
        {
            problem = await Refused(_api.Committee, $"/api/processes/{Guid.NewGuid()}/committee-sessions", $"{{\"number\": {number}}}");
            Assert.StartsWith("Se esperaba un número entero sin comillas ni decimales, de −2,147,483,648 a 2,147,483,647",
                problem.GetProperty("errors").GetProperty("number")[0].GetString());
        }
        Assert.Equal(0, await new Database(service).BallotCountAsync(id));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task a_client_that_does_not_ask_for_json_still_gets_a_spanish_problem_in_json(string accept)
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
            new(method, path) { Content = content, Headers = { { "Accept", accept } } };

        var ballot = Request(HttpMethod.Post, $"/api/jornadas/{id}/ballots", JsonContent.Create(
            new Voting.CastBallot(Voters.UniqueClave(), "loma-bonita", "A"), options: VotingApi.Json));
        await VotingApi.ExpectProblem(await _api.Kiosk(kioskToken).SendAsync(ballot), HttpStatusCode.NotAcceptable, "not_acceptable");
        await VotingApi.ExpectProblem(await _api.Anonymous.SendAsync(Request(HttpMethod.Get, "/api/nada")), HttpStatusCode.NotFound, "not_found");
        var page = await _api.Anonymous.SendAsync(Request(HttpMethod.Get, "/nada.html"));
        if (accept == "text/html")
        {
            // A browser's mistyped address gets a page in Spanish, still a 404.
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Página no encontrada", await page.Content.ReadAsStringAsync());
        }
        else await VotingApi.ExpectProblem(page, HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await _api.Anonymous.SendAsync(Request(HttpMethod.Get, $"/api/jornadas/{id}/ballots")),
            HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(0, await new Database(service).BallotCountAsync(id));
    }

    [Fact]
    public async Task unknown_jornadas_and_routes_get_404_problems()
    {
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/jornadas/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync("/api/jornadas/no-es-un-guid"), HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{Guid.NewGuid()}/open", null), HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Anonymous, Guid.NewGuid(), Voters.UniqueClave()), HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync("/api/receipts/XXXX"), HttpStatusCode.BadRequest, "invalid_receipt");
        var dotted = await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync("/api/receipts/SJFH.XN93.6S7M"), HttpStatusCode.BadRequest, "invalid_receipt");
        Assert.StartsWith("El código de recibo no lleva «.»", dotted.GetProperty("detail").GetString());
        // The en dash a phone's keyboard puts between the groups is read as the hyphen: the check answers, as for any receipt.
        Assert.Equal(HttpStatusCode.OK, (await _api.Anonymous.GetAsync("/api/receipts/SJFH%E2%80%93XN93%E2%80%936S7M")).StatusCode);
        foreach (var part in new[] { "", "/work-tables", "/proposals", "/ranking", "/committee", "/work-progress" })
            await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/processes/{Guid.NewGuid()}{part}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task validation_messages_are_in_spanish_and_name_the_field()
    {
        var command = VotingApi.NewJornada(service.Clock.GetUtcNow()) with { Title = "", VotingClosesAt = service.Clock.GetUtcNow().AddDays(-2) };
        var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/jornadas", command, VotingApi.Json),
            HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.Equal("Escriba el título de la Jornada.", errors.GetProperty("title")[0].GetString());
        Assert.Contains("posterior", errors.GetProperty("votingClosesAt")[0].GetString());

        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/open", null), HttpStatusCode.Conflict, "jornada_already_opened");
        await VotingApi.ExpectProblem(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{id}/options", VotingApi.TwoWorks, VotingApi.Json),
            HttpStatusCode.Conflict, "ballot_already_open");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks",
            new GobiernoAbierto.Jornadas.RegisterKiosk("kiosco-1", "Otro", "Otro lugar"), VotingApi.Json), HttpStatusCode.Conflict, "kiosk_already_registered");
    }
}

/// <summary>
/// A console form over its page's limit went to «El formulario caducó o no es válido» (the antiforgery check read the
/// form first and failed on its size: an outside tester); it is told what happened, and nothing is recorded. Megabytes
/// over, so the answer cannot come while the form is still being sent (it came as a broken connection once).
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_console_form_is_too_large(ServiceFixture service)
{
    [Fact]
    public async Task the_person_reads_that_it_is_too_large_not_that_it_expired()
    {
        using var browser = ConsoleAccounts.FormClient(service);
        var form = await browser.GetStringAsync("/consola/entrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var answer = await browser.PostAsync("/consola/entrar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.UserName"] = new string('a', 5_000_000), ["Form.Password"] = "x", ["Form.TotpCode"] = "123456",
        }));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/consola/error?estado=413", answer.Headers.Location!.OriginalString);
        var page = await browser.GetAsync(answer.Headers.Location);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.StatusCode);
        var text = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("El formulario es demasiado grande", text);
        Assert.DoesNotContain("caducó", text);
    }
}

/// <summary>
/// A NUL in a console field (%00: pasted from another program) made ASP.NET Core's form reader refuse the whole form, and
/// the person read «El formulario caducó» (a hostile-input sweep, on every console form): it is told what happened.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_console_form_carries_a_character_no_form_can(ServiceFixture service)
{
    [Fact]
    public async Task the_person_reads_which_kind_of_character_and_goes_back_to_the_page_not_that_it_expired()
    {
        using var browser = ConsoleAccounts.FormClient(service);
        var answer = await SignInAsAsync(browser, "ana%00lopez");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/consola/error?estado=400&motivo=caracteres&volver=%2Fconsola%2Fentrar", answer.Headers.Location!.OriginalString);
        var page = await browser.GetAsync(answer.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var text = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("El formulario lleva un carácter que no se puede enviar", text);
        Assert.Contains("href=\"/consola/entrar\"", text);
        Assert.DoesNotContain("caducó", text);
    }

    /// <summary>
    /// Bytes that are not UTF-8 once decoded (%ED%A0%80, half of a surrogate pair) were kept as the escapes themselves: an
    /// account was made named «%ED%A0%80x» and a Jornada titled so (the same sweep). A text typed with a percent sign, sent
    /// by a browser as %25, is still text.
    /// </summary>
    [Fact]
    public async Task bytes_that_are_not_utf8_are_refused_as_such_and_nothing_is_made()
    {
        using var browser = ConsoleAccounts.FormClient(service);
        var answer = await SignInAsAsync(browser, "%ED%A0%80x");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/consola/error?estado=400&motivo=codificacion&volver=", answer.Headers.Location!.OriginalString);
        var text = System.Net.WebUtility.HtmlDecode(await (await browser.GetAsync(answer.Headers.Location)).Content.ReadAsStringAsync());
        Assert.Contains("El formulario llegó con texto que no está en UTF-8", text);

        Assert.True(Hosting.BodyLimits.DecodesToUtf8("a=%25ED%25A0%2580x&b=Pe%C3%B1a+G%C3%B3mez&c=100%"u8));
        Assert.False(Hosting.BodyLimits.DecodesToUtf8("a=Pe%F1a"u8)); // Latin-1
    }

    /// <summary>The sign-in form sent by hand, its user name as given (already percent-encoded), with the page's token.</summary>
    private static async Task<HttpResponseMessage> SignInAsAsync(HttpClient browser, string encodedUserName)
    {
        var form = await browser.GetStringAsync("/consola/entrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync("/consola/entrar", new StringContent(
            $"__RequestVerificationToken={Uri.EscapeDataString(token)}&Form.UserName={encodedUserName}&Form.Password=x&Form.TotpCode=123456",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
    }
}

[Collection(SharedService.Name)]
public sealed class when_operators_check_the_service(ServiceFixture service)
{
    [Fact]
    public async Task health_answers_and_the_openapi_document_is_for_staff_outside_development()
    {
        var client = service.Client();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
        var openApi = await service.Client(ServiceHost.StaffToken).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/jornadas/{jornadaId}/ballots", openApi);
        Assert.Contains("/api/receipts/{receipt}", openApi);
        Assert.Contains("application/problem+json", openApi); // every endpoint documents its problem answers
        await VotingApi.ExpectProblem(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await service.Client(ServiceHost.AuditorToken).GetAsync("/openapi/v1.json"), HttpStatusCode.Forbidden, "forbidden");
        // The Scalar page is a developer's tool: only in Development.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar/v1")).StatusCode);

        // The container's HEALTHCHECK command: 0 when the service is ready, 1 when nothing answers.
        Assert.Equal(0, await GobiernoAbierto.Hosting.HealthProbe.RunAsync([new Uri(service.BaseAddress, "/health/ready").ToString()], TextWriter.Null, TextWriter.Null));
        Assert.Equal(1, await GobiernoAbierto.Hosting.HealthProbe.RunAsync(["http://127.0.0.1:9/health/ready"], TextWriter.Null, TextWriter.Null));
    }
}

/// <summary>
/// HEAD asks for what a GET would answer, without the body (RFC 9110 §9.3.2): uptime monitors and link checkers send it.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_client_asks_only_for_the_headers(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private static HttpRequestMessage Head(string path) => new(HttpMethod.Head, path);

    [Fact]
    public async Task head_on_the_public_reads_and_pages_answers_as_get_would_without_a_body()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        foreach (var path in new[] { "/api/jornadas", $"/api/jornadas/{id}", $"/api/jornadas/{id}/results", "/", "/recibo.html", "/health/live" })
        {
            var get = await _api.Anonymous.GetAsync(path);
            var head = await _api.Anonymous.SendAsync(Head(path));
            Assert.True(head.StatusCode == get.StatusCode, $"HEAD {path}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        // What GET refuses, HEAD refuses alike: an unknown Jornada, a read that needs a credential, a route that only takes POST.
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Anonymous.SendAsync(Head($"/api/jornadas/{Guid.NewGuid()}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Anonymous.SendAsync(Head($"/api/jornadas/{id}/tally"))).StatusCode);
        var post = await _api.Anonymous.SendAsync(Head($"/api/jornadas/{id}/ballots"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["POST"], post.Content.Headers.Allow);
        // The GET of that route says why in Spanish.
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/ballots"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        // A route read with GET answers HEAD too, and a 405 there says so (its Allow header listed GET alone).
        var delete = await _api.Anonymous.DeleteAsync($"/api/jornadas/{id}/results");
        await VotingApi.ExpectProblem(delete, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["GET", "HEAD"], delete.Content.Headers.Allow.Order());
    }

    /// <summary>HttpClient never reads a HEAD answer's body, so whether one was sent is read off the socket itself.</summary>
    [Fact]
    public async Task not_a_byte_of_the_body_goes_out_on_the_wire()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(service.BaseAddress.Host, service.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HEAD /api/jornadas HTTP/1.1\r\nHost: {service.BaseAddress.Authority}\r\nConnection: close\r\n\r\n"));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer); // until the server closes the connection
        var text = Encoding.ASCII.GetString(answer.ToArray());

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
        Assert.Contains("Content-Type: application/json", text);
        Assert.EndsWith("\r\n\r\n", text);
        Assert.Equal(text.Length, text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);
    }
}

/// <summary>
/// Someone tries credentials by the thousand (or a kiosk keeps an expired token). Before, each 401 and 403 wrote one or
/// two Information lines from the authentication handlers («ConfiguredKeys was not authenticated», «was challenged»,
/// «was forbidden»), whose categories appsettings' "Microsoft.AspNetCore": "Warning" does not reach: the flood reached
/// the log. The rate limit and the metrics count them instead.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_someone_floods_the_service_with_bad_credentials(ServiceFixture service)
{
    [Fact]
    public async Task the_401s_and_403s_write_no_information_line_from_the_authentication_handlers()
    {
        var api = new VotingApi(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var mark = service.Logs.Mark();

        for (var i = 0; i < 5; i++)
        {
            await VotingApi.ExpectProblem(await service.Client("no-such-token-" + i).GetAsync("/metrics"), HttpStatusCode.Unauthorized, "unauthenticated");
            await VotingApi.ExpectProblem(await api.Kiosk("kiosco_no-such-token-" + i).GetAsync($"/api/jornadas/{id}/tally"), HttpStatusCode.Unauthorized, "unauthenticated");
            await VotingApi.ExpectProblem(await api.Anonymous.GetAsync($"/api/jornadas/{id}/tally"), HttpStatusCode.Unauthorized, "unauthenticated");
            await VotingApi.ExpectProblem(await api.Portal.GetAsync($"/api/jornadas/{id}/tally"), HttpStatusCode.Forbidden, "forbidden");
            await VotingApi.ExpectProblem(await api.Kiosk(kioskToken).GetAsync($"/api/jornadas/{id}/tally"), HttpStatusCode.Forbidden, "forbidden");
        }

        var fromTheHandlers = service.Logs.Since(mark)
            .Where(e => e.Category is "GobiernoAbierto.Hosting.ApiKeyAuthenticationHandler" or "GobiernoAbierto.Jornadas.KioskAuthentication"
                || e.Category.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal))
            .Select(e => e.ToString()).ToList();
        Assert.Empty(fromTheHandlers);
    }
}
