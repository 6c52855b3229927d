using System.Collections.Concurrent;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// Ballots a kiosk sent faster than people can vote at one screen (RateLimits:KioskBallotsPerMinute), refused before
/// anything was read or written. A real kiosk rarely gets there (mistyped claves and connection retries count too); a
/// copy of its credential voting from a script does, so
/// staff and the IEEQ see these on the dashboard and the desk. One document per kiosk and per running instance (each
/// adds only its own counts, so two instances never overwrite each other); only the kiosk, counts and times.
/// </summary>
/// <param name="Refused">Ballots refused for the pace.</param>
/// <param name="RefusedChecks">Padrón checks refused for theirs (RateLimits:KioskChecksPerMinute): a copy reading the padrón.</param>
public sealed record KioskPaceRefusals(string Id, Guid JornadaId, string KioskId, long Refused, DateTimeOffset FirstAt, DateTimeOffset LastAt,
    long RefusedChecks = 0)
{
    /// <summary>A kiosk's refusals over every instance: how many, the first and the last.</summary>
    public static IReadOnlyDictionary<string, KioskPaceRefusals> ByKiosk(IEnumerable<KioskPaceRefusals> documents) => documents
        .GroupBy(d => d.KioskId)
        .ToDictionary(g => g.Key, g => g.First() with
        {
            Id = g.Key, Refused = g.Sum(d => d.Refused), RefusedChecks = g.Sum(d => d.RefusedChecks), FirstAt = g.Min(d => d.FirstAt), LastAt = g.Max(d => d.LastAt),
        });

    public static async Task<IReadOnlyDictionary<string, KioskPaceRefusals>> OfAsync(IQuerySession session, Guid jornadaId, CancellationToken cancellation) =>
        ByKiosk(await session.Query<KioskPaceRefusals>().Where(r => r.JornadaId == jornadaId).ToListAsync(cancellation));
}

/// <summary>
/// Counts this instance's pace refusals in memory (the rate limiter's rejection must stay cheap under a script's flood)
/// and writes the kiosks that got new ones every few seconds.
/// </summary>
public sealed class KioskPace(IDocumentStore store, TimeProvider clock, ILogger<KioskPace> log) : BackgroundService
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(3);
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<(Guid JornadaId, string KioskId), KioskPaceRefusals> _counted = new();
    private readonly ConcurrentDictionary<(Guid JornadaId, string KioskId), byte> _unwritten = new();

    public void Refused(Guid jornadaId, string kioskId, bool padronCheck = false)
    {
        var now = clock.GetUtcNow();
        var first = false;
        var (ballots, checks) = padronCheck ? (0, 1) : (1, 0);
        _counted.AddOrUpdate((jornadaId, kioskId),
            _ => { first = true; return new KioskPaceRefusals($"{jornadaId:N}:{kioskId}:{_instance}", jornadaId, kioskId, ballots, now, now, checks); },
            (_, counted) => counted with { Refused = counted.Refused + ballots, RefusedChecks = counted.RefusedChecks + checks, LastAt = now });
        _unwritten[(jornadaId, kioskId)] = 0;
        // Once per kiosk and instance: the count goes to the consoles, not to the log line by line.
        if (first)
            log.LogWarning("El kiosco {KioskId} de la Jornada {JornadaId} envió {What} más rápido de lo que vota una persona; se rechazan ({Setting})",
                kioskId, jornadaId, padronCheck ? "consultas del padrón" : "votos", padronCheck ? "RateLimits:KioskChecksPerMinute" : "RateLimits:KioskBallotsPerMinute");
    }

    /// <summary>Writes the kiosks with refusals not yet written (the background loop's step; tests call it too).</summary>
    public async Task WriteAsync(CancellationToken cancellation)
    {
        if (_unwritten.IsEmpty) return;
        var kiosks = _unwritten.Keys.ToList();
        foreach (var kiosk in kiosks) _unwritten.TryRemove(kiosk, out _);
        try
        {
            await using var session = store.LightweightSession();
            foreach (var kiosk in kiosks) session.Store(_counted[kiosk]);
            await session.SaveChangesAsync(cancellation);
        }
        catch
        {
            foreach (var kiosk in kiosks) _unwritten[kiosk] = 0;
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(WriteEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await WriteAsync(stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "No se pudieron guardar los votos de kiosco rechazados por su ritmo; se reintenta");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
