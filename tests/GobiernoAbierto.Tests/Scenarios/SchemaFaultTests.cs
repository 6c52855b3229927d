using System.Net;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A service of its own: these tests take a table away from under it, or make a trigger refuse. Behind a proxy at
/// 127.0.0.1, so a request can come from a resident's address (X-Forwarded-For).
/// </summary>
public sealed class SchemaFaultService() : ServiceHost(TestDatabase.NewSchemaName(),
    settings: new Dictionary<string, string?> { [PublicHosting.KnownProxiesKey] = "127.0.0.1" });

/// <summary>
/// PostgreSQL answers, but the service's schema is wrong (a table missing: a migration not applied, a restore gone
/// wrong). That is not an outage to wait out: the resident gets the Spanish 500 (nothing about the table), and the
/// operator an error with its stack that names the fault, not a warning that PostgreSQL does not answer. And
/// /health/ready says the schema is missing, when it is.
/// </summary>
public sealed class when_a_table_is_missing_under_a_receipt_check(SchemaFaultService service) : IClassFixture<SchemaFaultService>
{
    [Fact]
    public async Task the_answer_is_500_and_the_log_an_error_with_its_stack()
    {
        var db = new Database(service);
        using var anonymous = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD")).StatusCode);
        var mark = service.Logs.Mark();

        await db.ExecuteAsync("alter table {schema}.counted_receipts rename to counted_receipts_away");
        HttpResponseMessage answer;
        try
        {
            answer = await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFE");
        }
        finally
        {
            await db.ExecuteAsync("alter table {schema}.counted_receipts_away rename to counted_receipts");
        }

        var problem = await VotingApi.ExpectProblem(answer, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("counted_receipts", problem.ToString());
        var logged = service.Logs.Since(mark);
        var error = Assert.Single(logged, e => e.Category == typeof(ProblemExceptionHandler).FullName);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal("internal_error on /api/receipts/{receipt}", error.Message);
        Assert.Contains("42P01", error.Exception?.ToString());
        Assert.DoesNotContain(logged, e => e.Category == typeof(DatabaseOutageLog).FullName);
        foreach (var entry in logged)
            Assert.DoesNotContain("7K3M", $"{entry.Message} {entry.Values} {entry.Exception}");
    }

    [Fact]
    public async Task ready_says_the_schema_is_missing()
    {
        var db = new Database(service);
        using var anonymous = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/ready"));

        var mark = service.Logs.Mark();
        await db.ExecuteAsync($"alter schema {service.Schema} rename to {service.Schema}_away");
        HttpResponseMessage ready, fromOutside, staffFromOutside;
        var probe = new StringWriter();
        try
        {
            ready = await anonymous.GetAsync("/health/ready");
            await anonymous.GetAsync("/health/ready");
            fromOutside = await anonymous.SendAsync(FromOutside());
            using var staff = TestHttp.Client(service.BaseAddress, ServiceHost.StaffToken);
            staffFromOutside = await staff.SendAsync(FromOutside());
            Assert.Equal(1, await HealthProbe.RunAsync([service.BaseAddress.ToString()], TextWriter.Null, probe));
        }
        finally
        {
            await db.ExecuteAsync($"alter schema {service.Schema}_away rename to {service.Schema}");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal($"No listo: Falta el esquema «{service.Schema}» del servicio en esta base de datos (no existe {service.Schema}.mt_events): " +
            "¿es la base correcta (ConnectionStrings__GobiernoAbierto, Marten__Schema)? El servicio crea sus tablas al arrancar.",
            await ready.Content.ReadAsStringAsync());
        // The reason names the schema: only this machine and a staff credential read it, and `healthcheck` passes it on.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fromOutside.StatusCode);
        Assert.Equal(DatabaseReadiness.ReasonsWithheld, await fromOutside.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, staffFromOutside.StatusCode);
        Assert.StartsWith("No listo: Falta el esquema", await staffFromOutside.Content.ReadAsStringAsync());
        Assert.StartsWith($"healthcheck: no listo: {service.BaseAddress}health/ready respondió 503: Falta el esquema «{service.Schema}»",
            probe.ToString());
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/ready"));
        // Said once when it appeared (two probes) and once when it was gone; not an outage.
        var logged = service.Logs.Since(mark).Where(e => e.Category == typeof(DatabaseOutageLog).FullName).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Equal(LogLevel.Warning, logged[0].Level);
        Assert.StartsWith("Not ready: Falta el esquema", logged[0].Message);
        Assert.StartsWith("Ready again: Falta el esquema", logged[1].Message);
        Assert.DoesNotContain(service.Logs.Since(mark), e => e.Level >= LogLevel.Error);

        static HttpRequestMessage FromOutside()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            return request;
        }
    }
}

/// <summary>
/// A ballot's group commit fails for a reason of the database's content, not its absence (here: a trigger on the event
/// store raises). The kiosk gets 500, not a 503 that invites it to retry the same fault; BallotBox logs an error with
/// its stack; nothing was written.
/// </summary>
public sealed class when_a_trigger_refuses_a_group_commit(SchemaFaultService service) : IClassFixture<SchemaFaultService>
{
    [Fact]
    public async Task the_ballot_gets_500_and_the_log_an_error()
    {
        var db = new Database(service);
        var api = new VotingApi(service);
        var jornada = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var mark = service.Logs.Mark();

        await db.ExecuteAsync("""
            create function {schema}.refuse_ballots() returns trigger language plpgsql as $$
            begin if new.type = 'ballot_cast' then raise exception 'refused by a trigger (simulated)'; end if; return new; end $$;
            create trigger refuse_ballots before insert on {schema}.mt_events for each row execute function {schema}.refuse_ballots();
            """);
        HttpResponseMessage answer;
        try
        {
            answer = await VotingApi.VoteAsync(api.Kiosk(jornada.KioskToken), jornada.Id, Voters.UniqueClave());
        }
        finally
        {
            await db.ExecuteAsync("drop trigger refuse_ballots on {schema}.mt_events; drop function {schema}.refuse_ballots();");
        }

        await VotingApi.ExpectProblem(answer, HttpStatusCode.InternalServerError, "internal_error");
        var failed = Assert.Single(service.Logs.Since(mark), e => e.Category == typeof(Voting.BallotBox).FullName);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.StartsWith("Group commit of 1 ballots", failed.Message);
        Assert.Contains("P0001", failed.Exception?.ToString());
        Assert.Equal(0, await db.BallotCountAsync(jornada.Id));
        Assert.Equal(0, await db.ParticipationCountAsync(jornada.Id));
    }
}

/// <summary>
/// PostgreSQL takes no writes (a standby after a failover, or default_transaction_read_only): readiness says so in
/// Spanish, and the error a write meets there (25006) is an outage, a 503 to retry, not a fault of ours.
/// </summary>
public sealed class when_postgresql_is_read_only
{
    [Fact]
    public async Task ready_says_so_and_a_write_is_an_outage()
    {
        var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync())
        {
            Options = "-c default_transaction_read_only=on",
        };
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(readOnly.ConnectionString);

        var problem = await DatabaseReadiness.ProblemAsync(dataSource, null, CancellationToken.None);
        Assert.StartsWith("PostgreSQL acepta solo lectura (default_transaction_read_only): no puede registrar votos.", problem);

        await using var write = dataSource.CreateCommand("create temporary table t (x int)");
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => write.ExecuteNonQueryAsync());
        Assert.Equal("25006", refused.SqlState);
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(new InvalidOperationException("wrapped", refused)));
    }
}
