using System.Net;
using System.Net.Http.Json;
using System.Text;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

public static class SecurityHeadersAssert
{
    /// <summary>The headers every answer carries, and no Server header naming the software.</summary>
    public static void Present(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp.Single());
        Assert.Contains("frame-ancestors 'none'", csp.Single());
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal("nosniff", nosniff.Single());
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.Equal("no-referrer", referrer.Single());
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frames), $"{what}: no X-Frame-Options");
        Assert.Equal("DENY", frames.Single());
        Assert.False(response.Headers.Contains("Server"), $"{what}: Server: {string.Join(",", response.Headers.Server)}");
    }
}

[Collection(SharedService.Name)]
public sealed class when_anything_answers(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task pages_static_files_api_answers_and_problems_carry_the_security_headers()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var anonymous = service.Client();
        var answers = new List<HttpResponseMessage>
        {
            await anonymous.GetAsync("/"),                                   // the home page (default file)
            await anonymous.GetAsync("/kiosco.html"),                        // a page
            await anonymous.GetAsync("/js/api.js"),                          // static files
            await anonymous.GetAsync("/css/site.css"),
            await anonymous.GetAsync($"/api/jornadas/{jornadaId}"),          // an API answer
            await _api.Staff.GetAsync($"/api/jornadas/{jornadaId}/tally"),
            await anonymous.GetAsync("/health/ready"),
            await anonymous.GetAsync("/consola/entrar"),                     // a console page
            await anonymous.GetAsync($"/api/jornadas/{Guid.NewGuid()}"),     // problems: 404, 401, 403, 400 (bad JSON), 400 (validation)
            await anonymous.GetAsync($"/api/jornadas/{jornadaId}/tally"),
            await _api.Portal.GetAsync($"/api/jornadas/{jornadaId}/tally"),
            await _api.Staff.PostAsync("/api/jornadas", new StringContent("{\"title\":", Encoding.UTF8, "application/json")),
            await _api.Staff.PostAsync("/api/jornadas", new StringContent("{}", Encoding.UTF8, "application/json")),
            await anonymous.GetAsync("/no-existe.html"),                     // unknown route (status code pages)
        };

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        Assert.Equal("application/problem+json", answers[^2].Content.Headers.ContentType?.MediaType);
        foreach (var answer in answers) SecurityHeadersAssert.Present(answer);
        // Plain http straight to the service (no proxy saying https): no HSTS.
        Assert.DoesNotContain(answers, a => a.Headers.Contains("Strict-Transport-Security"));
        // API answers, refusals too, and the consoles' pages say the service's time, which the pages count by instead of
        // the device's clock («Quedan 10 minutos», the dashboard's «Actualizado a las …»); the service's clock here is the
        // test's, moved or not.
        Assert.Equal(HttpStatusCode.OK, answers.Single(a => a.RequestMessage!.RequestUri!.AbsolutePath == "/consola/entrar").StatusCode);
        foreach (var answer in answers.Where(a => a.RequestMessage!.RequestUri!.AbsolutePath is var path
                     && (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/consola/", StringComparison.Ordinal))))
        {
            var said = DateTimeOffset.Parse(answer.Headers.GetValues(SecurityHeaders.ServiceTimeHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(said, service.Clock.GetUtcNow().AddSeconds(-30), service.Clock.GetUtcNow());
        }
        Assert.False(answers[1].Headers.Contains(SecurityHeaders.ServiceTimeHeader)); // a page is cached; its time would be stale
        // The service's clock, not the machine's: moved an hour, the header moves with it.
        service.Clock.Offset += TimeSpan.FromHours(1);
        try
        {
            var moved = await anonymous.GetAsync("/api/jornadas");
            var said = DateTimeOffset.Parse(moved.Headers.GetValues(SecurityHeaders.ServiceTimeHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(said, service.Clock.GetUtcNow().AddSeconds(-30), service.Clock.GetUtcNow());
        }
        finally
        {
            service.Clock.Offset -= TimeSpan.FromHours(1);
        }
    }

    /// <summary>
    /// What a resident's own data open without a credential: an online ballot's receipt, the participation check's
    /// answer, a receipt's check (an outside tester found no Cache-Control on them).
    /// </summary>
    [Fact]
    public async Task answers_about_a_residents_own_vote_are_never_stored_by_a_cache()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        var ballot = await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter]);
        var receipt = await VotingApi.ReceiptOf(ballot);
        var answers = new[]
        {
            ballot,
            await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/participation-check", new { voterId = voter, votingCode = jornada.Codes[voter] }),
            await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"),
        };
        foreach (var answer in answers)
        {
            Assert.True(answer.IsSuccessStatusCode, $"{answer.RequestMessage!.RequestUri!.PathAndQuery}: {(int)answer.StatusCode}");
            Assert.True(answer.Headers.CacheControl?.NoStore == true, $"{answer.RequestMessage!.RequestUri!.PathAndQuery} ({(int)answer.StatusCode}): Cache-Control {answer.Headers.CacheControl}");
        }
    }

    /// <summary>
    /// What a credential opens (the tally, the export with each receipt's option, the letters' codes) is kept by no
    /// browser or proxy cache; a public answer is left to cache as it says.
    /// </summary>
    [Fact]
    public async Task answers_to_a_credential_are_never_stored_by_a_cache()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        var letters = await _api.CredentialAuthority.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/voting-codes/reissue",
            new Credentials.ReissueVotingCode(2, "Carta extraviada"), VotingApi.Json);
        Assert.Equal("application/zip", letters.Content.Headers.ContentType?.MediaType);
        await _api.CloseAsync(jornada.Id);
        var answers = new[]
        {
            await _api.Staff.GetAsync($"/api/jornadas/{jornada.Id}/tally"),
            await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/ballots.csv"),
            await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/seal"),
            await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/log"),
            letters,
        };
        foreach (var answer in answers)
            Assert.True(answer.Headers.CacheControl?.NoStore == true, $"{answer.RequestMessage!.RequestUri!.PathAndQuery} ({(int)answer.StatusCode}): Cache-Control {answer.Headers.CacheControl}");
        Assert.NotEqual(true, (await service.Client().GetAsync($"/api/jornadas/{jornada.Id}/results")).Headers.CacheControl?.NoStore);

        // The same from the IEEQ's desk, signed in with a console account (a cookie, no Authorization header).
        using var desk = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        foreach (var handler in new[] { "Ballots", "Seal", "Record" })
        {
            var download = await desk.GetAsync($"/consola/auditoria/{jornada.Id}?handler={handler}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.True(download.Headers.CacheControl?.NoStore == true, $"the desk's {handler}: Cache-Control {download.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task an_answer_the_exception_handler_wrote_carries_them_too()
    {
        // The exception handler clears the response's headers before it writes its problem: ours are added after that.
        var db = new Database(service);
        await db.ExecuteAsync("""
            create function {schema}.refuse_events() returns trigger language plpgsql as $$
            begin raise exception 'disk full (simulated)'; end $$;
            create trigger refuse_events before insert on {schema}.mt_events for each row execute function {schema}.refuse_events();
            """);
        HttpResponseMessage refused;
        try
        {
            refused = await _api.Staff.PostAsJsonAsync("/api/jornadas", VotingApi.NewJornada(service.Clock.GetUtcNow()), VotingApi.Json);
        }
        finally
        {
            await db.ExecuteAsync("drop trigger refuse_events on {schema}.mt_events; drop function {schema}.refuse_events();");
        }
        // A trigger raising is a fault of ours, not an outage: 500 (it was 503 before outages were told apart by SQLSTATE).
        await VotingApi.ExpectProblem(refused, HttpStatusCode.InternalServerError, "internal_error");
        SecurityHeadersAssert.Present(refused);
    }
}
