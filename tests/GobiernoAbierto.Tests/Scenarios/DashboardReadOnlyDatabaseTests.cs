using System.Net.Http.Json;
using System.Net;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A service on a database of its own, so a test can make that database refuse writes (as a standby does after a
/// failover, or a DBA's default_transaction_read_only) without touching the database the other tests share.
/// </summary>
public sealed class OwnDatabaseService() : ServiceHost(TestDatabase.NewSchemaName()), IAsyncLifetime
{
    private string _database = "";

    protected override async Task<string> ConnectionStringForServiceAsync()
    {
        (_database, var own) = await TestDatabase.CreateOwnAsync("ga_own_");
        return own;
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:OutageSummaryEvery", "00:00:01");
    }

    /// <summary>New sessions on the service's database are read-only from now on; the service's idle connections are dropped.</summary>
    public async Task RefuseWritesAsync()
    {
        await using (var admin = new NpgsqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"alter database {_database} set default_transaction_read_only = on", admin);
            await alter.ExecuteNonQueryAsync();
        }
        // Both pools, the service's and Marten's: every session from now on begins read-only, as after a failover's reconnects.
        Services.GetRequiredService<NpgsqlDataSource>().Clear();
        await ((Weasel.Postgresql.PostgresqlDatabase)Services.GetRequiredService<Marten.IDocumentStore>().Storage.Database).ReleaseConnectionPoolAsync();
    }

    /// <summary>New sessions take writes again; the service's pooled sessions, begun read-only, are left for it to notice.</summary>
    public async Task AllowWritesAsync()
    {
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var reset = new NpgsqlCommand($"alter database {_database} reset default_transaction_read_only", admin);
        await reset.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Sessions PostgreSQL has started on the service's database so far (pg_stat_database, asked from the shared database),
    /// read until two readings a moment apart agree: a backend reports its start when it next goes idle or ends.
    /// </summary>
    public async Task<long> SessionsStartedAsync()
    {
        await using var admin = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await admin.OpenAsync();
        long? last = null;
        for (var i = 0; i < 20; i++)
        {
            await using (var clear = new NpgsqlCommand("select pg_stat_clear_snapshot()", admin)) await clear.ExecuteNonQueryAsync();
            await using var read = new NpgsqlCommand("select sessions from pg_stat_database where datname = $1", admin) { Parameters = { new() { Value = _database } } };
            var now = (long)(await read.ExecuteScalarAsync())!;
            if (now == last) return now;
            last = now;
            await Task.Delay(500);
        }
        return last!.Value;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DropAsync(_database);
    }
}

/// <summary>
/// On the Jornada's day the database stopped taking writes (the service pointed at a standby after a failover): every
/// kiosk said «Kiosco fuera de servicio» and turned «Sin señal» on the staff dashboard (its sign of life is a write),
/// and the dashboard, whose reads still worked, said nothing of why. It says so now, in readiness's words.
/// </summary>
public sealed class when_the_database_stops_taking_writes_during_the_vote(OwnDatabaseService service) : IClassFixture<OwnDatabaseService>
{
    [Fact]
    public async Task the_dashboard_says_no_vote_can_be_recorded_and_why()
    {
        var api = new VotingApi(service);
        var (jornadaId, _) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var page = $"/consola/jornadas/{jornadaId}/tablero";

        Assert.DoesNotContain("data-cannot-record", await staff.GetStringAsync(page));

        await service.RefuseWritesAsync();
        using var dashboard = await staff.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = WebUtility.HtmlDecode(await dashboard.Content.ReadAsStringAsync());
        Assert.Contains("data-cannot-record", html);
        Assert.Contains("El servicio no puede registrar votos en este momento", html);
        Assert.Contains("PostgreSQL acepta solo lectura (default_transaction_read_only): no puede registrar votos.", html);
        Assert.Contains("los kioscos muestran «Kiosco fuera de servicio»", html);
    }
}

/// <summary>
/// An operator's drill: the database made read-only, then writable again. Readiness and the ballots went on refusing for
/// five more minutes, as long as the pooled sessions begun read-only lived, and readiness told the operator to remove an
/// option already removed. The service now drops those sessions when it finds the database read-only, and votes again
/// as soon as the database takes writes.
/// </summary>
public sealed class when_the_database_takes_writes_again(OwnDatabaseService service) : IClassFixture<OwnDatabaseService>
{
    [Fact]
    public async Task readiness_and_ballots_come_back_within_seconds()
    {
        var api = new VotingApi(service);
        var (jornadaId, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave()));

        await service.RefuseWritesAsync();
        using var anonymous = service.Client();
        using (var notReady = await anonymous.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("PostgreSQL acepta solo lectura", await notReady.Content.ReadAsStringAsync());
        }
        var mark = service.Logs.Mark();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave())).StatusCode);
        // The operator's summary says it answers and cannot record votes, not «does not answer (… acepta solo lectura)».
        Microsoft.Extensions.Logging.LogLevel? summary = null;
        for (var i = 0; i < 40 && summary is null; i++)
        {
            await Task.Delay(250);
            summary = service.Logs.Since(mark).FirstOrDefault(e => e.Message.StartsWith("PostgreSQL answers but still cannot record votes after",
                StringComparison.Ordinal) && e.Message.Contains("acepta solo lectura"))?.Level;
        }
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, summary);
        Assert.DoesNotContain(service.Logs.Since(mark), e => e.Message.StartsWith("PostgreSQL still does not answer", StringComparison.Ordinal));
        // A staff change goes through Marten's own pool, which now holds a session begun read-only.
        Assert.Equal(HttpStatusCode.ServiceUnavailable,
            (await api.Staff.PostAsJsonAsync("/api/jornadas", VotingApi.NewJornada(service.Clock.GetUtcNow()), VotingApi.Json)).StatusCode);

        await service.AllowWritesAsync();
        var ready = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 30 && ready != HttpStatusCode.OK; i++)
        {
            if (i > 0) await Task.Delay(500);
            using var probe = await anonymous.GetAsync("/health/ready");
            ready = probe.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, ready); // within 15 s, not the pool's five minutes
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave()));
        await api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow())); // and staff's changes, through Marten's pool
    }
}

/// <summary>
/// While the database is read-only, readiness drops the service's pooled sessions at every question (they would stay
/// read-only after it takes writes again), so each probe opened a fresh session: hundreds of kiosks asking during a
/// failover made as many new sessions on a database already in trouble (an operator's drill). Probes now share one
/// answer for a second.
/// </summary>
public sealed class when_many_kiosks_ask_while_the_database_is_read_only(OwnDatabaseService service) : IClassFixture<OwnDatabaseService>
{
    [Fact]
    public async Task they_share_an_answer_instead_of_opening_a_session_each()
    {
        using var anonymous = service.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        await service.RefuseWritesAsync();
        var before = await service.SessionsStartedAsync();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var answers = (await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => anonymous.GetAsync("/health/ready")))).ToList();
        for (var i = 0; i < 30; i++) answers.Add(await anonymous.GetAsync("/health/ready"));
        var took = started.Elapsed;

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Contains("PostgreSQL acepta solo lectura", await answer.Content.ReadAsStringAsync());
        }
        // One question a second at most, each one dropping the pools (so the service's background pollers open a session
        // again too): a few sessions a second, where sixty probes opened sixty and more.
        var opened = await service.SessionsStartedAsync() - before;
        Assert.InRange(opened, 1, 4 + (long)took.TotalSeconds * 4);
    }
}
