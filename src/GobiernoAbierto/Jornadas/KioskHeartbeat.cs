using System.Collections.Concurrent;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// When a kiosk last called the service: the kiosk page asks for its session on start, every 30 seconds while it
/// waits for the next resident and when its screen is cleared after one, so staff can tell a kiosk that went dark
/// (KioskSignal). Only the kiosk and a time, never a ballot.
/// </summary>
public sealed record KioskHeartbeat(string Id, Guid JornadaId, string KioskId, DateTimeOffset SeenAt)
{
    public static string IdOf(Guid jornadaId, string kioskId) => $"{jornadaId:N}:{kioskId}";
}

/// <summary>
/// When the dashboard says a kiosk lost its signal. The kiosk page asks for its session (the only sign of life, the
/// heartbeat above) on start, every 30 seconds while its screen waits for the next resident (every 10 on «Kiosco fuera
/// de servicio» and while it waits for the IEEQ, every minute before its hours), and again as soon as its screen is
/// cleared after a resident (kiosco.js); never while a resident votes. So a working kiosk is silent for at most one
/// resident's vote, each screen of which clears itself after a minute without a touch: more than SilentAfter without a
/// signal, while it should be taking ballots, means its device or its network is down.
/// </summary>
public static class KioskSignal
{
    public static readonly TimeSpan SilentAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The kiosk should be taking ballots now and has not called for longer than SilentAfter (or never has): the Jornada
    /// open and within the kiosks' hours, the kiosk not closed, configured and not waiting for the IEEQ's authorization.
    /// Not before the hours or after them (its screen then waits, and is not asked to), nor for a closed kiosk.
    /// </summary>
    /// <param name="ieeqAuthorizesKiosks">The service has an IEEQ (IeeqPresence): without one a kiosk awaiting the
    /// authorization takes ballots all the same (KioskDetails), and its silence counts.</param>
    public static bool IsSilent(Jornada jornada, Kiosk kiosk, DateTimeOffset? lastSeen, DateTimeOffset now, bool ieeqAuthorizesKiosks = true) =>
        jornada.Status == JornadaStatus.Open && now >= jornada.VotingOpensAt && now < jornada.VotingClosesAt
        && kiosk.Active && kiosk.Configured && !(kiosk.AwaitsAuthorization && ieeqAuthorizesKiosks)
        && (lastSeen is not { } seen || now - seen > SilentAfter);
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
