using System.Collections.Concurrent;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// When a kiosk last called the service: the kiosk page asks for its session on start and every 30 seconds while it
/// waits for the next resident, so staff can tell a kiosk that went dark. Only the kiosk and a time, never a ballot.
/// </summary>
public sealed record KioskHeartbeat(string Id, Guid JornadaId, string KioskId, DateTimeOffset SeenAt)
{
    public static string IdOf(Guid jornadaId, string kioskId) => $"{jornadaId:N}:{kioskId}";
}

/// <summary>
/// Writes a kiosk's heartbeat at most every 20 seconds per instance, so a busy kiosk costs one small upsert a while. The
/// write is the service's own note, not a change the kiosk asked for: when the database fails it (an outage, a COMMIT
/// whose answer is lost), the kiosk still gets its session, read before, and the next call writes it again.
/// </summary>
public sealed class KioskHeartbeats(IDocumentStore store, TimeProvider clock, ILogger<KioskHeartbeats> log)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new();
    private DateTimeOffset _warnedAt = DateTimeOffset.MinValue;

    public async Task SeenAsync(Guid jornadaId, string kioskId, CancellationToken cancellation)
    {
        var id = KioskHeartbeat.IdOf(jornadaId, kioskId);
        var now = clock.GetUtcNow();
        if (_written.TryGetValue(id, out var last) && now - last < Every) return;
        _written[id] = now;
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new KioskHeartbeat(id, jornadaId, kioskId, now));
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested && ProblemExceptionHandler.IsDatabaseFailure(e))
        {
            _written.TryRemove(KeyValuePair.Create(id, now));
            // Reads may still work while writes fail (a standby after a failover, a full disk): the dashboard would show
            // the kiosks as silent with nothing to say why. Once a minute at most, every kiosk calls every 30 s.
            if (now - _warnedAt >= WarnEvery)
            {
                _warnedAt = now;
                log.LogWarning("No se pudo anotar que un kiosco llamó ({Reason}): el tablero lo mostrará sin señal mientras no se pueda. " +
                    "El kiosco recibe su sesión igual. Se avisa a lo más una vez por minuto.", DatabaseOutageLog.Describe(e));
            }
        }
    }
}
