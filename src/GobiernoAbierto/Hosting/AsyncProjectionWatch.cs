using JasperFx.Events.Daemon;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Every few seconds, looks at the async projections this instance runs (the IEEQ's audit log, the turnout timeline):
/// publishes how far behind the event store each one is (gobiernoabierto.projection.events_behind), and starts again
/// one that the daemon stopped because another writer had moved its progression on.
/// Around a database failover both instances can run the same projection for a moment (the old primary's advisory lock
/// is gone before either notices); the one whose progression update then finds the other's stops the projection for
/// good, and keeps the lock, so nobody runs it again until the instance restarts: in the failover rehearsal
/// (deploy/failover) the audit log stopped 15,700 events short. The daemon leaves such a shard stopped on purpose
/// (restarting it while the other writer still runs only fails again), but a retry is harmless: the progression update
/// is conditional, so an event is never applied twice, and the other writer stops once its instance sees the lock
/// taken. So this drops such a shard from the daemon, and the coordinator, which starts whatever its lock covers and is
/// not running, starts it again from the progression stored in the database.
/// </summary>
public sealed class AsyncProjectionWatch(Marten.Events.Daemon.Coordination.IProjectionCoordinator coordinator, ILogger<AsyncProjectionWatch> log)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                var daemon = coordinator.DaemonForMainDatabase();
                var agents = daemon.CurrentAgents();
                var highWater = daemon.HighWaterMark();
                VotingMetrics.ProjectionsAre(agents.ToDictionary(a => a.Name.Identity, a => Math.Max(0, highWater - a.Position)));
                foreach (var agent in agents)
                {
                    if (agent.Status != JasperFx.AgentStatus.Stopped || agent.Failure?.Category != ShardFailureCategory.ProgressionOutOfOrder) continue;
                    log.LogWarning("Async projection {Shard} was stopped at {Position} because another writer moved its progression on; " +
                        "restarting it from the progression stored in the database", agent.Name.Identity, agent.Position);
                    daemon.EjectPausedShard(agent.Name.Identity);
                    VotingMetrics.ProjectionRestarted(agent.Name.Identity);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Could not look at the async projections");
            }
        }
    }

    /// <summary>False once the service stops, also when it stops before it finished starting (no unhandled cancellation then).</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return false; }
    }
}
