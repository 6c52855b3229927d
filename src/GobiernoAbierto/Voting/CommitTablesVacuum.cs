using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Voting;

public sealed class CommitTablesVacuumOptions
{
    /// <summary>How often, while group commits write, the tables they rewrite are vacuumed; zero leaves them to autovacuum.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Keeps small the three tables every group commit rewrites rather than extends: the sealed urn (an entry inserted when
/// a ballot waits, deleted at its mix), the Jornada's row of mt_streams (its version) and its snapshot (the live tally).
/// Each commit leaves dead versions there, and every commit reads all three under the Jornada's lock, walking past the
/// dead versions PostgreSQL has not removed yet. Autovacuum visits the database about once a minute and may be busy
/// with a large table; and it can only remove versions older than the oldest snapshot still open, which Marten's async
/// daemon holds for up to a minute (Program.cs, on its advisory lock). Measured with million.sh: between autovacuum
/// visits the urn grew to 43 MB for 180 live rows and the snapshot table to 11 MB for one, and the rate fell from about
/// 4,000 to 1,600 ballots/s before the next visit restored it. So the service vacuums these three itself every
/// <see cref="CommitTablesVacuumOptions.Every"/> while ballots are committed: VACUUM of a small table takes milliseconds,
/// blocks no insert, update or delete, and skips a table another vacuum holds.
/// </summary>
public sealed class CommitTablesVacuum(IDocumentStore store, NpgsqlDataSource dataSource, VotingTables tables,
    Microsoft.Extensions.Options.IOptions<CommitTablesVacuumOptions> options, ILogger<CommitTablesVacuum> logger) : BackgroundService
{
    private int _committed;

    /// <summary>A group commit wrote: the next turn vacuums.</summary>
    public void Committed() => Volatile.Write(ref _committed, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.Every;
        if (every <= TimeSpan.Zero) return;
        var sql = $"vacuum (skip_locked) {tables.UrnTable}, {store.Options.Events.DatabaseSchemaName}.mt_streams, " +
                  store.Options.FindOrResolveDocumentType(typeof(Jornada)).TableName.QualifiedName;
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Interlocked.Exchange(ref _committed, 0) == 0) continue;
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // Only speed depends on it: the next turn tries again, and autovacuum still runs.
                logger.LogWarning("Vacuum of the group commit's tables failed ({Error}); trying again in {Every}", e.GetType().Name, every);
            }
        }
    }
}
