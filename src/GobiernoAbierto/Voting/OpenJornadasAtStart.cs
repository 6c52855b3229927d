using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;

namespace GobiernoAbierto.Voting;

/// <summary>
/// One line per open Jornada when an instance starts: its turnout, and how many of those ballots its chain holds and how
/// many wait in the sealed urn, as the Jornada's totals have them. After a restart during the vote (a crash, a kill, a
/// failover) the log said nothing of the open Jornadas; this is what they had recorded when the instance came back.
/// Never a voter's data.
/// </summary>
public sealed class OpenJornadasAtStart(IDocumentStore store, ILogger<OpenJornadasAtStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var open = await session.Query<Jornada>().Where(j => j.Status == JornadaStatus.Open).ToListAsync(stoppingToken);
            foreach (var tally in open.Select(JornadaTally.Of))
                logger.LogInformation("Jornada {JornadaId} («{Title}») is open: turnout {Turnout}, {InChain} ballots in its chain, {InSealedUrn} " +
                    "in the sealed urn (they join the chain at the next mix or at the close)", tally.Id, tally.Title, tally.Turnout,
                    tally.TotalBallots, tally.InSealedUrn);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A line for the operator, not a reason to stop: readiness and the ballots say whether PostgreSQL answers.
            logger.LogWarning("Could not list the open Jornadas at start ({Reason})", DatabaseOutageLog.Describe(e));
        }
    }
}
