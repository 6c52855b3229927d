using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Keeps what VACUUM may remove moving while the async daemon holds its advisory lock. The lock is held in an open
/// transaction (Program.cs: UseAdvisoryLockTransaction), and the lock's connection monitor (DistributedLock.Postgres,
/// under Marten) runs <c>SELECT pg_catalog.pg_sleep(60)</c> in it, one after the other, to notice a lost connection.
/// A running statement holds its snapshot, so every row version written during those 60 s stays, dead or not, until
/// the sleep ends: the Jornada's stream row, which every group commit locks and rewrites, grew a chain of some 6,000
/// versions that each commit walked, and PostgreSQL's CPU per ballot went from 0.07 to 0.17 ms and back every minute
/// (README, million.sh). Every few seconds this cancels such a sleep: the monitor runs it inside a savepoint, rolls back
/// to it and starts the next sleep, so the lock, its transaction and the watch over the connection stay as they were
/// (a lost connection is noticed from the connection's state, not from the sleep). Only sleeps well inside their
/// minute are cut, never one about to end on its own, whose next statement a late cancel could hit instead.
/// Upstream: madelson/DistributedLock#285 (monitoring without pg_sleep), not in the version served here.
/// It also publishes the age of the oldest snapshot in the database (gobiernoabierto.database.oldest_snapshot).
/// </summary>
public sealed class VacuumHorizonKeeper(NpgsqlDataSource dataSource, ILogger<VacuumHorizonKeeper> log, DatabaseOutageLog outage) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    // Cuts the sleeps, then says how old the oldest snapshot still held in the database is (a statement's snapshot dates
    // from its start): seconds once the sleeps are cut, more while anything else keeps a snapshot (a long query, an
    // open transaction in psql, autovacuum's ANALYZE).
    private const string CutSleeps = """
        select (select count(*) filter (where pg_cancel_backend(pid)) from pg_stat_activity
                where datname = current_database() and usename = current_user and pid <> pg_backend_pid()
                  and state = 'active' and query = 'SELECT pg_catalog.pg_sleep($1)'
                  and query_start between now() - interval '45 seconds' and now() - interval '1 second'),
               (select coalesce(max(extract(epoch from now() - query_start)), 0)::float8 from pg_stat_activity
                where datname = current_database() and backend_xmin is not null and pid <> pg_backend_pid())
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A fault that is not an outage (a permission taken away, pg_stat_activity not readable) repeats every round:
        // said once with its stack, then nothing until it changes or the cut works again, not a stack every 5 s.
        string? lastFault = null;
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var command = dataSource.CreateCommand(CutSleeps);
                    await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                    await reader.ReadAsync(stoppingToken);
                    var cut = reader.GetInt64(0);
                    VotingMetrics.OldestSnapshotIs(reader.GetDouble(1)); // before this round's cut took effect
                    if (cut > 0) log.LogDebug("Cut {Count} advisory-lock monitor sleeps so VACUUM's horizon moves on", cut);
                    if (lastFault is not null) log.LogInformation("Cutting the advisory-lock monitor's sleeps works again");
                    lastFault = null;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested && ProblemExceptionHandler.IsDatabaseFailure(e))
                {
                    // An outage (or a failover): the outage log says it once, and when it ends.
                    outage.Unreachable(e);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    var fault = $"{e.GetType().FullName}: {DatabaseOutageLog.Describe(e)}";
                    if (fault != lastFault)
                        log.LogWarning(e, "Could not cut the advisory-lock monitor's sleeps; dead row versions pile up until each one " +
                            "ends. Said once until it changes or works again");
                    lastFault = fault;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping, also when the host stops before it finished starting
        }
    }
}
