using System.Net;
using System.Net.Http.Json;
using System.Text;
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
    };

    [Theory]
    [MemberData(nameof(StaffOnly))]
    public async Task staff_commands_answer_401_without_credentials_and_403_to_other_roles(string method, string path)
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var url = path.Replace("{id}", id.ToString());
        HttpRequestMessage Request() => new(new HttpMethod(method), url) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        await VotingApi.ExpectProblem(await _api.Anonymous.SendAsync(Request()), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await _api.Kiosk("wrong-token").SendAsync(Request()), HttpStatusCode.Unauthorized, "unauthenticated");
        foreach (var other in new[] { _api.Auditor, _api.Portal, _api.Kiosk(kioskToken) })
            await VotingApi.ExpectProblem(await other.SendAsync(Request()), HttpStatusCode.Forbidden, "forbidden");
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
        await VotingApi.ExpectProblem(await _api.Portal.PostAsync(url, new StringContent("voterId=x", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync("/api/jornadas", new StringContent("{\"title\":\"x\",\"votingOpensAt\":\"mañana\"}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request_body");
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
        Assert.Equal(0, await GobiernoAbierto.Hosting.HealthProbe.RunAsync([new Uri(service.BaseAddress, "/health/ready").ToString()]));
        Assert.Equal(1, await GobiernoAbierto.Hosting.HealthProbe.RunAsync(["http://127.0.0.1:9/health/ready"]));
    }
}
