using System.Net;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A service of its own whose PostgreSQL connections go through a relay the tests cut (<see cref="PostgresRelay"/>): an
/// outage as a stopped server or a cut network looks to the service (connections reset, new ones refused), not a table
/// taken away. The outage log repeats its summary every 2 s here instead of every minute.
/// </summary>
public sealed class OutageService() : ServiceHost(TestDatabase.NewSchemaName()), IAsyncLifetime
{
    public PostgresRelay Relay { get; private set; } = null!;

    protected override async Task<string> ConnectionStringForServiceAsync()
    {
        Relay = PostgresRelay.Start(await TestDatabase.ConnectionStringAsync());
        return Relay.ConnectionString;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:OutageSummaryEvery", "00:00:02");
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Relay.DisposeAsync();
    }

    /// <summary>Waits (at most 20 s) for the outage log to say PostgreSQL answers again, and returns that line.</summary>
    public async Task<LogCapture.LogEntry> AnswersAgainAsync(long mark)
    {
        for (var i = 0; i < 200; i++)
        {
            if (Logs.Since(mark).FirstOrDefault(e => e.Category == typeof(DatabaseOutageLog).FullName && e.Message.StartsWith("PostgreSQL answers again")) is { } line)
                return line;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("The outage log never said PostgreSQL answers again:\n" + string.Join('\n', Logs.Since(mark)));
    }
}

/// <summary>
/// Residents check their receipts while PostgreSQL is gone. Each gets the Spanish 503; the operator reads one warning
/// when it starts (naming the route, never the receipt in the path), one summary with the count while it lasts (here
/// every 2 s, a minute in production), not a line per request, and one line when PostgreSQL answers again.
/// </summary>
[Collection(nameof(OutageService))]
public sealed class when_postgresql_goes_away_under_receipt_checks(OutageService service)
{
    [Fact]
    public async Task each_check_gets_503_and_the_log_says_it_once_then_a_summary_then_the_end()
    {
        using var anonymous = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD")).StatusCode); // the schema exists
        var mark = service.Logs.Mark();

        service.Relay.Cut();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                await VotingApi.ExpectProblem(await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFE"), HttpStatusCode.ServiceUnavailable, "service_unavailable");
                // The kiosks ask for readiness at every step: not a log line each either.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health/ready")).StatusCode);
            }
            await Task.Delay(TimeSpan.FromSeconds(3.5)); // a summary comes due
            await VotingApi.ExpectProblem(await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFE"), HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }
        finally
        {
            service.Relay.Restore();
        }
        var end = await service.AnswersAgainAsync(mark);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD")).StatusCode);

        var logged = service.Logs.Since(mark);
        var outage = logged.Where(e => e.Category == typeof(DatabaseOutageLog).FullName).ToList();
        var first = outage[0];
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.StartsWith("PostgreSQL does not answer (", first.Message);
        // It names the first refused route, unless Marten's async daemon noticed the cut first (its lock's connection waits
        // in a query, so the reset reaches it at once: «PostgreSQL does not answer (NpgsqlTransaction…)» under a full run's
        // load); the summaries below name the route either way.
        Assert.True(first.Message.Contains("(first refused: /api/receipts/{receipt})") || !first.Message.Contains("first refused"), first.Message);
        Assert.Null(first.Exception);
        var summaries = outage.Where(e => e.Message.StartsWith("PostgreSQL still does not answer")).ToList();
        Assert.NotEmpty(summaries); // one every 2 s here: one or two in the 3.5 s
        Assert.All(summaries, s => Assert.Equal(LogLevel.Warning, s.Level));
        Assert.Matches(@": [89] requests answered 503 in the last \d+ s, on /api/receipts/\{receipt\}$", summaries[0].Message);
        Assert.Matches(@"^PostgreSQL answers again after \d+ s; 9 requests were answered 503 meanwhile$", end.Message);
        Assert.Equal(2 + summaries.Count, outage.Count);
        // Nothing else says it request by request or with a stack trace (Marten's daemon included), and nothing at all
        // quotes the receipt.
        Assert.DoesNotContain(logged, e => e.Category == typeof(ProblemExceptionHandler).FullName);
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Warning && e.Category != typeof(DatabaseOutageLog).FullName);
        foreach (var entry in logged)
            Assert.DoesNotContain("7K3M", $"{entry.Message} {entry.Values} {entry.Exception}");
    }
}

/// <summary>One receipt check in a short outage: the summary and the end say «1 request», not «1 requests».</summary>
[Collection(nameof(OutageService))]
public sealed class when_postgresql_goes_away_under_a_single_check(OutageService service)
{
    [Fact]
    public async Task the_log_counts_one_request_in_the_singular()
    {
        using var anonymous = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD")).StatusCode);
        var mark = service.Logs.Mark();

        service.Relay.Cut();
        try
        {
            await VotingApi.ExpectProblem(await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFE"), HttpStatusCode.ServiceUnavailable, "service_unavailable");
            await Task.Delay(TimeSpan.FromSeconds(3.5)); // a summary comes due
        }
        finally
        {
            service.Relay.Restore();
        }
        var end = await service.AnswersAgainAsync(mark);

        var summary = service.Logs.Since(mark).First(e => e.Category == typeof(DatabaseOutageLog).FullName && e.Message.StartsWith("PostgreSQL still does not answer"));
        Assert.Matches(@": 1 request answered 503 in the last \d+ s, on /api/receipts/\{receipt\}$", summary.Message);
        Assert.Matches(@"^PostgreSQL answers again after \d+ s; 1 request was answered 503 meanwhile$", end.Message);
    }
}

/// <summary>
/// A staff member signs in to the console while PostgreSQL is gone. A browser gets the console's page in Spanish, not
/// the API's problem details in JSON.
/// </summary>
[Collection(nameof(OutageService))]
public sealed class when_postgresql_goes_away_under_a_console_sign_in(OutageService service)
{
    [Fact]
    public async Task the_browser_is_sent_to_the_consoles_error_page()
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };
        var form = await browser.GetStringAsync("/consola/entrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var mark = service.Logs.Mark();

        service.Relay.Cut();
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
            service.Relay.Restore();
        }
        await service.AnswersAgainAsync(mark);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/consola/error?estado=503&volver=%2Fconsola%2Fentrar", answer.Headers.Location?.OriginalString); // and back to the sign-in
        var page = await browser.GetAsync(answer.Headers.Location);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.ToString());
    }
}

/// <summary>
/// Kiosks keep sending ballots while PostgreSQL is gone. Each gets the Spanish 503 (the kiosk retries with its
/// Idempotency-Key); no failed group commit is a warning or an error of its own (the outage log counts them); once
/// PostgreSQL answers, the retry counts the ballot once. And /health/ready says why it is not ready, in Spanish.
/// </summary>
[Collection(nameof(OutageService))]
public sealed class when_postgresql_goes_away_under_ballots(OutageService service)
{
    [Fact]
    public async Task each_ballot_gets_503_the_log_does_not_fill_and_the_retry_counts_once()
    {
        var db = new Database(service);
        var api = new VotingApi(service);
        var jornada = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = api.Kiosk(jornada.KioskToken);
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();
        var mark = service.Logs.Mark();

        service.Relay.Cut();
        HttpResponseMessage ready;
        try
        {
            for (var i = 0; i < 5; i++)
                await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, voter, idempotencyKey: key),
                    HttpStatusCode.ServiceUnavailable, "service_unavailable");
            ready = await service.Client().GetAsync("/health/ready");
        }
        finally
        {
            service.Relay.Restore();
        }
        await service.AnswersAgainAsync(mark);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith("No listo: PostgreSQL no responde (", await ready.Content.ReadAsStringAsync());
        var logged = service.Logs.Since(mark);
        Assert.DoesNotContain(logged, e => e.Category == typeof(Voting.BallotBox).FullName && e.Level >= LogLevel.Warning);
        Assert.Single(logged, e => e.Category == typeof(DatabaseOutageLog).FullName && e.Message.StartsWith("PostgreSQL does not answer ("));

        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornada.Id, voter, idempotencyKey: key));
        Assert.NotEmpty(receipt);
        Assert.Equal(1, await db.BallotCountAsync(jornada.Id));
    }
}

/// <summary>
/// A staff member already signed in opens a console page while PostgreSQL cannot be reached (the relay between the
/// service and PostgreSQL cut: every console request reads the accounts to check the session). The error page cannot check the session
/// either; it must still be the console's page in Spanish that says the database does not answer and leads back, not the
/// API's problem details in JSON; and the session outlives the outage.
/// </summary>
[Collection(nameof(OutageService))]
public sealed class when_the_database_fails_under_a_signed_in_console_page(OutageService service)
{
    [Fact]
    public async Task the_page_says_the_database_does_not_answer_and_the_session_survives()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        using var browser = await ConsoleAccounts.SignedInClientAsync(service, staff);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/consola/jornadas")).StatusCode);

        var mark = service.Logs.Mark();
        service.Relay.Cut();
        HttpResponseMessage answer, page;
        try
        {
            answer = await browser.GetAsync("/consola/jornadas");
            page = await browser.GetAsync(answer.Headers.Location);
        }
        finally
        {
            service.Relay.Restore();
        }
        await service.AnswersAgainAsync(mark);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/consola/error?estado=503&motivo=consulta&volver=%2Fconsola%2Fjornadas", answer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.ToString());
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("La base de datos no responde", html);
        // A page only read: nothing was sent, and what it means for the vote is said (a dashboard's reload read «Lo que envió no se registró»).
        Assert.Contains("El servicio no puede consultar datos en este momento", html);
        Assert.DoesNotContain("Lo que envió", html);
        Assert.Contains("tampoco se reciben votos en los kioscos ni en línea", html);
        Assert.Contains("href=\"/consola/jornadas\"", html); // «Volver a la página»
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/consola/jornadas")).StatusCode); // still signed in
    }
}

/// <summary>
/// PostgreSQL stops answering without closing anything (frozen, or a network that drops packets): a readiness question
/// waited for Npgsql's own timeouts, 30 s on a pooled connection, and since probes share one question, every kiosk's
/// probe with it. It gives up after its own deadline and says so; once PostgreSQL answers, readiness follows at once.
/// </summary>
public sealed class when_postgresql_stops_answering_without_going_away(OutageService service) : IClassFixture<OutageService>
{
    [Fact]
    public async Task readiness_answers_within_its_deadline_and_follows_the_recovery()
    {
        using var anonymous = service.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        service.Relay.Stall();
        HttpResponseMessage first, second;
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // Two kiosks at once: both get the one question's answer.
            var asking = new[] { anonymous.GetAsync("/health/ready"), anonymous.GetAsync("/health/ready") };
            (first, second) = (await asking[0], await asking[1]);
        }
        finally
        {
            service.Relay.Resume();
        }
        var took = started.Elapsed;

        Assert.True(took < DatabaseReadiness.QuestionTimeout + TimeSpan.FromSeconds(5), $"readiness answered after {took}");
        foreach (var answer in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.StartsWith("No listo: PostgreSQL no responde (sin respuesta en 10 s)", await answer.Content.ReadAsStringAsync());
        }
        var ready = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 20 && ready != HttpStatusCode.OK; i++)
        {
            if (i > 0) await Task.Delay(500);
            ready = (await anonymous.GetAsync("/health/ready")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, ready);
    }
}

[CollectionDefinition(nameof(OutageService))]
public sealed class OutageServiceCollection : ICollectionFixture<OutageService>;
