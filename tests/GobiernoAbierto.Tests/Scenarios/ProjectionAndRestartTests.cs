using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.Hosting;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_the_async_daemon_runs(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_audit_log_projection_catches_up_with_every_staff_action()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        await _api.CloseAsync(id);

        // Proves the DistributedLock/advisory-lock package fix (ENVIRONMENT.md) still holds: the daemon takes a lock to run.
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var log = await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/log"));
        Assert.Collection(log.Entries,
            e => Assert.Matches(@"^Creó la Jornada «.+» \(votación del \d\d/\d\d/\d{4} \d\d:\d\d al \d\d/\d\d/\d{4} \d\d:\d\d, hora del centro de México; \d+ colonias\)$", e.Action),
            e => Assert.StartsWith("Fijó la boleta", e.Action),
            e => Assert.StartsWith("Registró el kiosco «kiosco-1»", e.Action),
            e => Assert.StartsWith("Un equipo abrió el enlace de configuración del kiosco «kiosco-1»", e.Action),
            e => Assert.StartsWith("Autorizó el kiosco «kiosco-1» frente al equipo", e.Action),
            e => Assert.Equal("Abrió la votación", e.Action),
            e => Assert.StartsWith("Solicitó la contrafirma del IEEQ para cerrar la votación antes de que termine su horario", e.Action),
            e => Assert.StartsWith("Otorgó la contrafirma del IEEQ", e.Action),
            e => Assert.StartsWith("Cerró y selló la votación: 1 boleta, hash final de las boletas", e.Action));
        Assert.All(log.Entries.Where((_, i) => i is not (3 or 4 or 7)), e => Assert.Equal("Personal de prueba", e.By));
        Assert.Equal("enlace del kiosco kiosco-1", log.Entries[3].By);
        Assert.Equal("Auditora IEEQ de prueba", log.Entries[4].By);
        Assert.Equal("Auditora IEEQ de prueba", log.Entries[7].By);
        Assert.Equal(Enumerable.Range(1, 9).Select(n => (long?)n), log.Entries.Select(e => e.RecordPosition));
    }
}

public sealed class when_the_service_restarts
{
    [Fact]
    public async Task every_ballot_the_tally_and_the_once_per_voter_rule_survive()
    {
        var schema = TestDatabase.NewSchemaName();
        var voters = Enumerable.Range(0, 7).Select(_ => Voters.UniqueClave()).ToArray();
        Guid id;
        var kioskToken = "";
        List<string> receipts = [];
        JornadaTally before;
        await using (var first = new ServiceHost(schema))
        {
            await first.InitializeAsync();
            var api = new VotingApi(first);
            (id, kioskToken) = await api.OpenJornadaAsync(first.Clock.GetUtcNow());
            foreach (var voter in voters)
                receipts.Add(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, voter, voter.GetHashCode() % 2 == 0 ? "A" : "B")));
            before = await VotingApi.Read<JornadaTally>(await api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        }

        await using var second = new ServiceHost(schema);
        await second.InitializeAsync();
        var again = new VotingApi(second);
        var after = await VotingApi.Read<JornadaTally>(await again.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal(7, after.TotalBallots);
        Assert.Equal(before.Options.Select(o => o.Votes), after.Options.Select(o => o.Votes));
        Assert.Equal(before.ChainHead, after.ChainHead);
        foreach (var receipt in receipts)
            Assert.True((await VotingApi.Read<ReceiptStatus>(await again.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(again.Kiosk(kioskToken), id, voters[0]), System.Net.HttpStatusCode.Conflict, "already_voted");
        await again.CloseAsync(id);
        var report = await VotingApi.Read<VerificationReport>(await again.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(7, report.BallotsChecked);
    }
}

public sealed class when_a_database_from_before_counted_receipts_is_upgraded
{
    [Fact]
    public async Task the_receipts_already_in_the_chain_are_found_counted()
    {
        var schema = TestDatabase.NewSchemaName();
        Guid id;
        List<string> receipts = [];
        await using (var first = new ServiceHost(schema))
        {
            await first.InitializeAsync();
            var api = new VotingApi(first);
            (id, var kioskToken) = await api.OpenJornadaAsync(first.Clock.GetUtcNow());
            for (var i = 0; i < 3; i++) receipts.Add(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave())));
            await api.CloseAsync(id);
            // As an older version left it: the chain, and no counted_receipts table.
            await new Database(first).ExecuteAsync("drop table {schema}.counted_receipts");
        }

        await using var second = new ServiceHost(schema);
        await second.InitializeAsync();
        var again = new VotingApi(second);
        foreach (var receipt in receipts)
        {
            var status = await VotingApi.Read<ReceiptStatus>(await again.Anonymous.GetAsync($"/api/receipts/{receipt}"));
            Assert.True(status.Counted);
            Assert.Equal(id, status.JornadaId);
        }
    }
}

public sealed class when_another_writer_moves_an_async_projections_progression_on
{
    [Fact]
    public async Task the_daemon_stops_that_projection_and_the_service_starts_it_again_from_the_stored_progression()
    {
        await using var service = new ServiceHost(TestDatabase.NewSchemaName());
        await service.InitializeAsync();
        var api = new VotingApi(service);
        var db = new Database(service);
        var store = service.Services.GetRequiredService<IDocumentStore>();
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        // What an instance that also ran the audit log around a failover leaves: the progression one event further on
        // than this daemon's own. That event will be a ballot, which the audit log does not show.
        var head = await db.ScalarAsync<long>("select max(seq_id) from {schema}.mt_events");
        Assert.Equal(1, await db.ExecuteAsync("update {schema}.mt_event_progression set last_seq_id = $1 where name = 'AuditLog:All'", head + 1));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        await api.CloseAsync(id);

        var end = await db.ScalarAsync<long>("select max(seq_id) from {schema}.mt_events");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await db.ScalarAsync<long>("select last_seq_id from {schema}.mt_event_progression where name = 'AuditLog:All'") < end)
        {
            Assert.True(DateTime.UtcNow < deadline, "The audit log projection never caught up.");
            await Task.Delay(200);
        }

        Assert.Contains(service.Logs.Messages, m => m.Contains("Async projection AuditLog:All was stopped", StringComparison.Ordinal));
        var log = await VotingApi.Read<AuditLog>(await api.Auditor.GetAsync($"/api/jornadas/{id}/audit/log"));
        Assert.StartsWith("Cerró y selló la votación: 1 boleta,", log.Entries[^1].Action);

        // What a person watching sees: the restart counted, and how far behind each projection is. The gauge is taken
        // every 5 s from the daemon's running shards; a tick between the shard's eject and its restart leaves it out
        // until the next one, so the scrape waits up to three ticks for it.
        var client = service.Client(ServiceHost.MetricsToken);
        var metrics = Prometheus.Parse(await client.GetStringAsync("/metrics"));
        for (var wait = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < wait && !metrics.Samples.Any(BehindOfAuditLog);)
        {
            await Task.Delay(500);
            metrics = Prometheus.Parse(await client.GetStringAsync("/metrics"));
        }
        Assert.True(metrics.Value("gobiernoabierto_projection_restarts_total", ("shard", "AuditLog:All")) >= 1);
        Assert.Contains(metrics.Samples, BehindOfAuditLog);

        static bool BehindOfAuditLog(Prometheus.Sample s) =>
            s.Name == "gobiernoabierto_projection_events_behind" && s.Labels.GetValueOrDefault("shard") == "AuditLog:All";
    }
}

public sealed class when_the_async_daemon_holds_its_lock
{
    [Fact]
    public async Task its_lock_monitor_holds_a_snapshot_for_seconds_not_a_minute_and_the_daemon_keeps_running()
    {
        // HotCold, as in production: the instances elect who runs the async projections with an advisory lock.
        await using var service = new ServiceHost(TestDatabase.NewSchemaName(), daemonMode: "HotCold");
        await service.InitializeAsync();
        var api = new VotingApi(service);
        var db = new Database(service);

        // Every monitor sleep running in this database (this service's and any other test service's), watched for 25 s:
        // uncut, each runs 60 s with its snapshot, and VACUUM can remove nothing written since it started.
        var sleeps = new Dictionary<(int Pid, DateTime Started), double>();
        var until = DateTime.UtcNow.AddSeconds(25);
        while (DateTime.UtcNow < until)
        {
            foreach (var row in await db.RowsAsync("""
                select pid, query_start, extract(epoch from now() - query_start)::float8 from pg_stat_activity
                where datname = current_database() and state = 'active' and backend_xmin is not null
                  and query = 'SELECT pg_catalog.pg_sleep($1)'
                """))
                sleeps[((int)row[0]!, (DateTime)row[1]!)] = (double)row[2]!;
            await Task.Delay(250);
        }

        Assert.NotEmpty(sleeps); // the daemon took its lock and its monitor sleeps: there is something to watch
        Assert.Contains(sleeps.GroupBy(s => s.Key.Pid), g => g.Count() >= 2); // a sleep was cut and the monitor slept again
        var longest = sleeps.Values.Max();
        Assert.True(longest < 2 * VacuumHorizonKeeper.Every.TotalSeconds + 2, $"A monitor sleep held its snapshot for {longest:F1} s.");

        // What a person watching sees: the age of the oldest snapshot in the database, seconds and not the monitor's
        // minute (any session of the shared test database counts, so the bound is the keeper's, not the sleeps' above).
        var metrics = Prometheus.Parse(await service.Client(ServiceHost.MetricsToken).GetStringAsync("/metrics"));
        var oldest = Assert.Single(metrics.Samples, s => s.Name == "gobiernoabierto_database_oldest_snapshot_seconds");
        Assert.InRange(oldest.Value, 0, 45);

        // The lock and the daemon are untouched: a staff action still reaches the IEEQ's audit log.
        var (id, _) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var log = await VotingApi.Read<AuditLog>(await api.Auditor.GetAsync($"/api/jornadas/{id}/audit/log"));
        Assert.Contains(log.Entries, e => e.Action == "Abrió la votación");
        Assert.DoesNotContain(service.Logs.Messages, m => m.Contains("Could not cut", StringComparison.Ordinal));
    }
}

public sealed class when_a_database_from_before_the_hash_indexes_is_upgraded
{
    [Fact]
    public async Task a_retried_ballot_gets_its_receipt_back_and_the_participation_check_finds_the_vote()
    {
        var schema = TestDatabase.NewSchemaName();
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();
        OnlineJornada jornada;
        string receipt;
        await using (var first = new ServiceHost(schema))
        {
            await first.InitializeAsync();
            var api = new VotingApi(first);
            jornada = await api.OpenOnlineJornadaAsync([voter]);
            receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(jornada.KioskToken), jornada.Id, voter, idempotencyKey: key));
            // As an older version left them: notes and replays under B-tree primary keys.
            await new Database(first).ExecuteAsync("""
                drop index {schema}.ix_participation_notes_check_key;
                drop index {schema}.ix_participation_notes_jornada_id;
                alter table {schema}.participation_notes add constraint pkey_participation_notes_jornada_id_check_key primary key (jornada_id, check_key);
                drop index {schema}.ix_ballot_replays_lookup;
                alter table {schema}.ballot_replays add constraint pkey_ballot_replays_jornada_id_lookup primary key (jornada_id, lookup);
                """);
        }

        await using var second = new ServiceHost(schema);
        await second.InitializeAsync();
        var again = new VotingApi(second);

        const string IndexesSql = """
            select indexname, indexdef like '% USING hash (%', (quote_ident(schemaname) || '.' || quote_ident(indexname))::regclass::oid::bigint
            from pg_indexes where schemaname = $1 and tablename in ('participation_notes', 'ballot_replays') order by 1
            """;
        var indexes = (await new Database(second).RowsAsync(IndexesSql, schema)).Select(r => ((string)r[0]!, (bool)r[1]!, (long)r[2]!)).ToList();
        Assert.Equal([("ix_ballot_replays_lookup", true), ("ix_participation_notes_check_key", true), ("ix_participation_notes_jornada_id", false)],
            indexes.Select(i => (i.Item1, i.Item2)));
        // The store's check counts a Jornada's notes by it (the planner takes a scan of a table this small; told not to, it
        // finds the index): without it, every Jornada's notes were read.
        await using (var connection = new Npgsql.NpgsqlConnection(second.ConnectionString))
        {
            await connection.OpenAsync();
            await using (var off = new Npgsql.NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
            await using var explain = new Npgsql.NpgsqlCommand(
                $"explain select count(*) from {schema}.participation_notes where jornada_id = '{jornada.Id}'", connection);
            await using var plan = await explain.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await plan.ReadAsync()) lines.Add(plan.GetString(0));
            Assert.Contains(lines, l => l.Contains("ix_participation_notes_jornada_id", StringComparison.Ordinal));
        }

        var retried = await VotingApi.VoteAsync(again.Kiosk(jornada.KioskToken), jornada.Id, voter, idempotencyKey: key);
        Assert.Equal(receipt, (await VotingApi.Read<BallotReceipt>(retried)).Receipt);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        var status = await VotingApi.Read<ParticipationStatus>(await again.Anonymous.PostAsJsonAsync(
            $"/api/jornadas/{jornada.Id}/participation-check", new CheckParticipation(voter, jornada.Codes[voter]), VotingApi.Json));
        Assert.Equal((true, "kiosk"), (status.Voted, status.Channel));

        // A later start finds nothing to change: the indexes are not built again (a million rows take seconds each).
        await using var third = new ServiceHost(schema);
        await third.InitializeAsync();
        Assert.Equal(indexes, (await new Database(third).RowsAsync(IndexesSql, schema)).Select(r => ((string)r[0]!, (bool)r[1]!, (long)r[2]!)));
    }
}
