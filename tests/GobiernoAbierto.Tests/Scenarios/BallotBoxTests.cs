using System.Net;
using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The ballot box's group commits against a Jornada's lock held by someone else, as a commit of another instance or
/// the closing of the Jornada would hold it.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_jornadas_lock_is_held_elsewhere(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    [Fact]
    public async Task ballots_arriving_while_a_commit_waits_for_the_lock_board_it_and_each_is_counted_once()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        var voters = Enumerable.Range(0, 21).Select(_ => Voters.UniqueClave()).ToArray();
        Assert.Equal(HttpStatusCode.Created, (await VotingApi.VoteAsync(kiosk, id, voters[0])).StatusCode); // a warm kiosk

        List<Task<HttpResponseMessage>> attempts;
        await using (var holder = await JornadaLock.HoldAsync(service, id))
        {
            attempts = voters[1..11].Select(v => VotingApi.VoteAsync(kiosk, id, v)).ToList();
            await JornadaLock.CommitsWaitingAsync(service, 1);
            // A second wave while that commit waits: it boards the same commit instead of queueing a second one.
            attempts.AddRange(voters[11..].Select(v => VotingApi.VoteAsync(kiosk, id, v)));
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            Assert.DoesNotContain(attempts, a => a.IsCompleted); // nothing is acknowledged before it is written
        }

        var responses = await Task.WhenAll(attempts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(voters.Length, await _db.ParticipationCountAsync(id));
        // The warm-up's commit and one more for all twenty: two turnout records, not one per wave.
        Assert.Equal(2L, await _db.ScalarAsync<long>(
            "select count(*) from {schema}.mt_events where stream_id = $1 and type = 'turnout_recorded'", id));

        await _api.CloseAsync(id);
        var report = await VotingApi.Read<GobiernoAbierto.Audit.VerificationReport>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(voters.Length, report.BallotsChecked);
    }

    [Fact]
    public async Task another_jornadas_ballots_are_answered_one_after_another_meanwhile()
    {
        var (held, heldKioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (other, otherKioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());

        Task<HttpResponseMessage> waiting;
        await using (var holder = await JornadaLock.HoldAsync(service, held))
        {
            waiting = VotingApi.VoteAsync(_api.Kiosk(heldKioskToken), held, Voters.UniqueClave());
            await JornadaLock.CommitsWaitingAsync(service, 1);
            // Each answered before the next is sent, while the first Jornada's commit still waits.
            for (var i = 0; i < 4; i++)
            {
                var answer = await VotingApi.VoteAsync(_api.Kiosk(otherKioskToken), other, Voters.UniqueClave()).WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            }
            Assert.False(waiting.IsCompleted);
        }

        Assert.Equal(HttpStatusCode.Created, (await waiting).StatusCode);
        Assert.Equal(1, await _db.ParticipationCountAsync(held));
        Assert.Equal(4, await _db.ParticipationCountAsync(other));
    }
}

/// <summary>A ballot box that holds ten ballots at most and commits four at a time.</summary>
public sealed class SmallBallotBoxService() : ServiceHost(TestDatabase.NewSchemaName())
{
    public const int Capacity = 10;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Voting:GroupCommit:Capacity", Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Voting:GroupCommit:MaxBallots", "4");
    }
}

public sealed class when_the_ballot_box_is_full(SmallBallotBoxService service) : IClassFixture<SmallBallotBoxService>
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task it_takes_no_more_ballots_until_a_commit_takes_some_and_then_each_is_counted_once()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var jornada = id.ToString();
        var kiosk = _api.Kiosk(kioskToken);
        var scraper = service.Client(ServiceHost.MetricsToken);
        var voters = Enumerable.Range(0, 3 * SmallBallotBoxService.Capacity + 1).Select(_ => Voters.UniqueClave()).ToArray();
        Assert.Equal(HttpStatusCode.Created, (await VotingApi.VoteAsync(kiosk, id, voters[0])).StatusCode); // a warm kiosk

        List<Task<HttpResponseMessage>> attempts;
        await using (var holder = await JornadaLock.HoldAsync(service, id))
        {
            attempts = voters[1..].Select(v => VotingApi.VoteAsync(kiosk, id, v)).ToList();
            await JornadaLock.CommitsWaitingAsync(service, 1);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await WaitingAsync() < SmallBallotBoxService.Capacity)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "The ballot box never held its capacity.");
                await Task.Delay(100);
            }
            // Thirty ballots sent, ten held: the other twenty wait in front of the box, none of them answered.
            await Task.Delay(TimeSpan.FromMilliseconds(1500));
            Assert.Equal(SmallBallotBoxService.Capacity, await WaitingAsync());
            Assert.DoesNotContain(attempts, a => a.IsCompleted);
        }

        var responses = await Task.WhenAll(attempts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var db = new Database(service);
        Assert.Equal(voters.Length, await db.ParticipationCountAsync(id));
        Assert.Equal(voters.Length, await db.BallotCountAsync(id));
        // Nothing held for it any more: no series (not a 0 that would linger after the Jornada closes).
        Assert.DoesNotContain((await ScrapeAsync()).Samples,
            s => s.Name == "gobiernoabierto_ballot_box_waiting" && s.Labels.GetValueOrDefault("jornada") == jornada);
        // Four ballots a commit at most (MaxBallots): the warm-up's commit and at least eight for the thirty.
        Assert.True(await db.ScalarAsync<long>(
            "select count(*) from {schema}.mt_events where stream_id = $1 and type = 'turnout_recorded'", id) >= 9);
        await _api.CloseAsync(id);
        var report = await VotingApi.Read<GobiernoAbierto.Audit.VerificationReport>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(voters.Length, report.BallotsChecked);

        async Task<Prometheus> ScrapeAsync()
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // the exporter answers a scrape from its cache for a moment
            return Prometheus.Parse(await scraper.GetStringAsync("/metrics"));
        }

        async Task<double> WaitingAsync() => (await ScrapeAsync()).Value("gobiernoabierto_ballot_box_waiting", ("jornada", jornada));
    }
}

/// <summary>Someone else holding a Jornada's lock, as a commit of another instance or the Jornada's closing would.</summary>
internal static class JornadaLock
{
    /// <summary>Waits until this many of the service's group commits wait for a Jornada's lock (pg_stat_activity).</summary>
    public static async Task CommitsWaitingAsync(ServiceHost service, int count)
    {
        var db = new Database(service);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await db.ScalarAsync<long>("""
            select count(*) from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query like $1
            """, $"%{service.Schema}.mt_streams%for update%") < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"No {count} group commits waiting for the lock after 20 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Locks the Jornada's stream row, as every group commit does, until disposed (then commits, writing nothing).</summary>
    public static async Task<IAsyncDisposable> HoldAsync(ServiceHost service, Guid jornadaId)
    {
        var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"select version from {service.Schema}.mt_streams where id = $1 for update", connection, transaction)
        {
            Parameters = { new NpgsqlParameter { Value = jornadaId } },
        };
        Assert.NotNull(await command.ExecuteScalarAsync());
        return new Holder(connection, transaction);
    }

    private sealed class Holder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }
}
