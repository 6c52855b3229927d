using System.Net;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>A service of its own: these tests take a table away from under it.</summary>
public sealed class OutageService() : ServiceHost(TestDatabase.NewSchemaName());

/// <summary>
/// A resident checks their receipt while PostgreSQL cannot answer (here: the receipts' table is gone for a moment). The
/// answer is the Spanish 503, and the warning the operator reads names the route, never the receipt in its path.
/// </summary>
public sealed class when_the_database_fails_under_a_receipt_check(OutageService service) : IClassFixture<OutageService>
{
    [Fact]
    public async Task the_warning_names_the_route_not_the_receipt_code()
    {
        var db = new Database(service);
        using var anonymous = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD")).StatusCode); // the schema exists
        var receipt = "7K3M-Q9XA-2BFE";
        var mark = service.Logs.Mark();

        await db.ExecuteAsync("alter table {schema}.counted_receipts rename to counted_receipts_away");
        try
        {
            await VotingApi.ExpectProblem(await anonymous.GetAsync($"/api/receipts/{receipt}"), HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }
        finally
        {
            await db.ExecuteAsync("alter table {schema}.counted_receipts_away rename to counted_receipts");
        }

        var logged = service.Logs.Since(mark);
        var warning = Assert.Single(logged, e => e.Category == typeof(Hosting.ProblemExceptionHandler).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("service_unavailable on /api/receipts/{receipt}", warning.Message);
        foreach (var entry in logged)
            Assert.DoesNotContain("7K3M", $"{entry.Message} {entry.Values} {entry.Exception}");
    }
}

/// <summary>
/// A staff member signs in to the console while PostgreSQL cannot answer (here: the accounts' table is gone for a
/// moment). A browser gets the console's page in Spanish, not the API's problem details in JSON.
/// </summary>
public sealed class when_the_database_fails_under_a_console_sign_in(OutageService service) : IClassFixture<OutageService>
{
    [Fact]
    public async Task the_browser_is_sent_to_the_consoles_error_page()
    {
        var db = new Database(service);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };
        var form = await browser.GetStringAsync("/consola/entrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        await db.ExecuteAsync("alter table {schema}.mt_doc_account rename to mt_doc_account_away");
        HttpResponseMessage answer;
        try
        {
            answer = await browser.PostAsync("/consola/entrar", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Form.UserName"] = "maria.lopez",
                ["Form.Password"] = "una frase larga de prueba",
                ["Form.TotpCode"] = "123456",
            }));
        }
        finally
        {
            await db.ExecuteAsync("alter table {schema}.mt_doc_account_away rename to mt_doc_account");
        }

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/consola/error?estado=503&volver=%2Fconsola%2Fentrar", answer.Headers.Location?.OriginalString); // and back to the sign-in
        var page = await browser.GetAsync(answer.Headers.Location);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.ToString());
    }
}

/// <summary>
/// A ballot's group commit fails because PostgreSQL cannot answer (here: a table it writes is gone for a moment). The
/// kiosk gets the Spanish 503 and retries; the operator reads a warning, as for any other request in an outage, not an
/// error that says the service is at fault.
/// </summary>
public sealed class when_the_database_fails_under_a_group_commit(OutageService service) : IClassFixture<OutageService>
{
    [Fact]
    public async Task the_ballot_gets_503_and_the_log_a_warning()
    {
        var db = new Database(service);
        var api = new VotingApi(service);
        var jornada = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var mark = service.Logs.Mark();

        await db.ExecuteAsync("alter table {schema}.participation_notes rename to participation_notes_away");
        try
        {
            await VotingApi.ExpectProblem(await VotingApi.VoteAsync(api.Kiosk(jornada.KioskToken), jornada.Id, Voters.UniqueClave()),
                HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }
        finally
        {
            await db.ExecuteAsync("alter table {schema}.participation_notes_away rename to participation_notes");
        }

        var failed = Assert.Single(service.Logs.Since(mark), e => e.Category == typeof(Voting.BallotBox).FullName);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.StartsWith("Group commit of 1 ballots", failed.Message);
    }
}

/// <summary>
/// A staff member already signed in opens a console page while PostgreSQL cannot answer (here: the accounts' table, which
/// every console request reads to check the session, is gone for a moment). The error page cannot check the session
/// either; it must still be the console's page in Spanish that says the database does not answer and leads back, not the
/// API's problem details in JSON; and the session outlives the outage.
/// </summary>
public sealed class when_the_database_fails_under_a_signed_in_console_page(OutageService service) : IClassFixture<OutageService>
{
    [Fact]
    public async Task the_page_says_the_database_does_not_answer_and_the_session_survives()
    {
        var db = new Database(service);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };
        var form = await browser.GetStringAsync("/consola/entrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await browser.PostAsync("/consola/entrar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.UserName"] = staff.UserName,
            ["Form.Password"] = staff.Password,
            ["Form.TotpCode"] = staff.NextCode(service),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/consola/jornadas")).StatusCode);

        await db.ExecuteAsync("alter table {schema}.mt_doc_account rename to mt_doc_account_away");
        HttpResponseMessage answer, page;
        try
        {
            answer = await browser.GetAsync("/consola/jornadas");
            page = await browser.GetAsync(answer.Headers.Location);
        }
        finally
        {
            await db.ExecuteAsync("alter table {schema}.mt_doc_account_away rename to mt_doc_account");
        }

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/consola/error?estado=503&volver=%2Fconsola%2Fjornadas", answer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("La base de datos no responde", html);
        Assert.Contains("href=\"/consola/jornadas\"", html); // «Volver a la página»
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/consola/jornadas")).StatusCode); // still signed in
    }
}
