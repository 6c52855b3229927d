using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// An instance started during the vote (a restart, a failover) met the ballots in flight all at once, and each one read
/// the Jornada (and, the benchmark's many clients on one kiosk, the kiosk's credential) on a pooled connection of its
/// own: the pool opened a PostgreSQL session (a backend, TLS, SCRAM) for every ballot, and the first ballots waited up to
/// two and a half seconds (tests/GobiernoAbierto.Benchmarks/FINDINGS.md). Ballots that arrive together now wait for one
/// read of each.
/// </summary>
public sealed class when_a_fresh_instance_meets_a_burst_of_ballots(OwnDatabaseService service) : IClassFixture<OwnDatabaseService>
{
    /// <summary>Another instance on the service's own database, started after the Jornada opened: nothing in its caches.</summary>
    private sealed class FreshInstance(string schema, string connectionString) : ServiceHost(schema, daemonMode: "Disabled")
    {
        public const string ApplicationName = "fresh-instance";

        protected override Task<string> ConnectionStringForServiceAsync() =>
            Task.FromResult(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }.ConnectionString);
    }

    [Theory]
    [InlineData("mt_doc_kioskcredential")] // the kiosk's credential (KnownKioskCredentials)
    [InlineData("mt_doc_jornada")] // the Jornada (JornadaViews)
    public async Task ballots_that_wait_for_the_same_read_share_one_session(string table)
    {
        var (jornadaId, kioskToken) = await new VotingApi(service).OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var fresh = new FreshInstance(service.Schema, service.ConnectionString);
        await fresh.InitializeAsync();
        fresh.Clock.Offset = service.Clock.Offset;
        using var kiosk = fresh.Client(kioskToken);

        // PostgreSQL slow to answer for a moment, as in a failover's first seconds: the table is held, so every ballot
        // that reads it waits, on whatever session it took.
        await using var dba = new NpgsqlConnection(service.ConnectionString);
        await dba.OpenAsync();
        await using var hold = await dba.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"lock table {service.Schema}.{table} in access exclusive mode", dba, hold))
            await lockTable.ExecuteNonQueryAsync();
        var before = await SessionsAsync();

        var ballots = Enumerable.Range(0, 48).Select(_ => VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave())).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var opened = await SessionsAsync() - before;
        await hold.CommitAsync();

        foreach (var answer in await Task.WhenAll(ballots)) await VotingApi.ReceiptOf(answer);
        // One read waits; it was a session a ballot.
        Assert.InRange(opened, 0, 2);
    }

    /// <summary>Sessions the fresh instance has open now: its pool keeps what it opened.</summary>
    private async Task<long> SessionsAsync()
    {
        await using var admin = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from pg_stat_activity where datname = $1 and application_name = $2", admin)
        {
            Parameters = { new() { Value = new NpgsqlConnectionStringBuilder(service.ConnectionString).Database }, new() { Value = FreshInstance.ApplicationName } },
        };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
