using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Permits per minute. Generous for people (many voters share a carrier's address), tight for scripts. Counted per client
/// network (<see cref="RateLimits.NetworkOf(System.Net.IPAddress?)"/>: an IPv4 address, an IPv6 /64).
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Ballots per minute from one client network online (or any caller that is not a kiosk's device).</summary>
    public int BallotsPerMinute { get; set; } = 120;

    /// <summary>
    /// Ballots per minute from one kiosk, on average: one screen where a person shows their INE card, chooses and
    /// confirms takes more than ten seconds a voter. A script with a copy of the kiosk's credential and the lista nominal
    /// would otherwise vote for everyone who had not voted at up to <see cref="BallotsPerMinute"/> a minute.
    /// </summary>
    public int KioskBallotsPerMinute { get; set; } = 6;

    /// <summary>How many a kiosk may send in a row before the pace applies (a mistyped clave, a family one after another).</summary>
    public int KioskBallotsInARow { get; set; } = 5;

    /// <summary>Receipt and participation checks per minute from one client network.</summary>
    public int ChecksPerMinute { get; set; } = 60;

    /// <summary>
    /// A kiosk's padrón checks (voter-roll-check) a minute once its checks in a row are spent: about two a person (a
    /// mistyped clave is checked again). A copy of its credential asking faster would be reading the padrón; refused
    /// checks are shown on the dashboard and the IEEQ's desk, and the kiosk page goes on without the check.
    /// </summary>
    public int KioskChecksPerMinute { get; set; } = 12;

    /// <summary>Padrón checks a kiosk may send in a row before its pace applies.</summary>
    public int KioskChecksInARow { get; set; } = 10;

    /// <summary>Unknown bearer credentials per minute from one client network before it gets 429 instead of 401.</summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 20;

    /// <summary>
    /// Requests from this machine itself (health probes, the benchmark, the failover rehearsal) are not limited. Behind a
    /// reverse proxy the client's own address comes from the forwarded headers, so a real voter is never "loopback".
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;
}

/// <summary>
/// ASP.NET Core's rate limiter on the endpoints a script would hammer: casting (guessing voting codes) and the public
/// checks (guessing receipts); and a count of wrong bearer credentials per client network. The answer is a Spanish 429 problem
/// with Retry-After. Configured under RateLimits.
/// </summary>
public static class RateLimits
{
    public const string Ballots = "ballots";
    public const string Checks = "checks";

    public static readonly Rejection TooMany = new("too_many_requests", "Demasiadas solicitudes",
        "Se recibieron demasiadas solicitudes en poco tiempo. Espere un momento y vuelva a intentarlo.",
        StatusCodes.Status429TooManyRequests);

    public static readonly Rejection FasterThanAPerson = new("kiosk_pace", "Espere unos segundos",
        "Este kiosco envió varios votos en muy poco tiempo, más rápido de lo que vota una persona. Este voto no se registró: " +
        "envíelo de nuevo en unos segundos. Si nadie más votó en este kiosco, avise al personal municipal y al IEEQ.",
        StatusCodes.Status429TooManyRequests);

    /// <summary>How often the partitioned limiter gives token buckets their tokens back (.NET's DefaultPartitionedRateLimiter).</summary>
    private static readonly TimeSpan ReplenishmentTick = TimeSpan.FromMilliseconds(100);

    public static void AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(new FailedAuthentications(limits));
        services.AddSingleton(new FailedConsoleSignIns(limits));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Ballots, http => IsExempt(http, limits) ? RateLimitPartition.GetNoLimiter("loopback")
                : KioskOf(http) is { } kiosk ? AtKioskPace(limits, kiosk)
                : PerMinute(http, limits, $"ballot|{CallerOf(http)}", limits.BallotsPerMinute));
            // A kiosk's padrón checks at its own pace (the kiosks of one school may share one address); a person's
            // receipt and participation checks per client network.
            o.AddPolicy(Checks, http => KioskOf(http) is { } kiosk && !IsExempt(http, limits)
                ? AtAPersonsPace($"check|kiosk|{kiosk.JornadaId:N}|{kiosk.KioskId}", limits.KioskChecksInARow, limits.KioskChecksPerMinute)
                : PerMinute(http, limits, $"check|{ClientNetwork(http)}", limits.ChecksPerMinute));
            o.OnRejected = async (context, cancellation) =>
            {
                var http = context.HttpContext;
                var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "other";
                var kiosk = policy is Ballots or Checks ? KioskOf(http) : null;
                if (kiosk is { } k) http.RequestServices.GetRequiredService<Jornadas.KioskPace>().Refused(k.JornadaId, k.KioskId, padronCheck: policy == Checks);
                VotingMetrics.RateLimited(kiosk is null ? policy : policy == Ballots ? "kiosk_pace" : "kiosk_check_pace");
                // A kiosk's bucket gets its token back on the partitioned limiter's 100 ms timer, up to a tick after the
                // period the lease names: a kiosk page that waited exactly that long was refused again (a test did, on a
                // fast machine). So it is told a tick more, rounded up to the second.
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling((retryAfter + (kiosk is null ? TimeSpan.Zero : ReplenishmentTick)).TotalSeconds)).ToString();
                await Problems.WriteAsync(http, kiosk is not null && policy == Ballots ? FasterThanAPerson : TooMany);
            };
        });
    }

    /// <summary>
    /// The kiosk (or other credential) when the request carries one, with its Jornada (two Jornadas may each have a
    /// «kiosco-1»); the client network otherwise.
    /// </summary>
    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? $"who|{http.User.Identity.Name}|{http.User.FindFirst(Jornadas.KioskAuthentication.JornadaClaim)?.Value}"
            : $"ip|{ClientNetwork(http)}";

    /// <summary>The Jornada and kiosk of a kiosk's device credential (not of its configuration link, which casts nothing).</summary>
    private static (Guid JornadaId, string KioskId)? KioskOf(HttpContext http) =>
        http.User.IsInRole(Roles.Kiosk)
        && Guid.TryParse(http.User.FindFirst(Jornadas.KioskAuthentication.JornadaClaim)?.Value, out var jornadaId)
        && http.User.FindFirst(Jornadas.KioskAuthentication.KioskClaim)?.Value is { } kioskId
            ? (jornadaId, kioskId)
            : null;

    /// <summary>
    /// A token bucket per kiosk: <see cref="RateLimitOptions.KioskBallotsInARow"/> at once, then one more every
    /// minute / <see cref="RateLimitOptions.KioskBallotsPerMinute"/>; Retry-After says when the next one is.
    /// </summary>
    private static RateLimitPartition<string> AtKioskPace(RateLimitOptions limits, (Guid JornadaId, string KioskId) kiosk) =>
        AtAPersonsPace($"kiosk|{kiosk.JornadaId:N}|{kiosk.KioskId}", limits.KioskBallotsInARow, limits.KioskBallotsPerMinute);

    private static RateLimitPartition<string> AtAPersonsPace(string partition, int inARow, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, inARow),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, perMinute),
            QueueLimit = 0,
        });

    /// <summary>The client network this request is counted under (<see cref="NetworkOf(System.Net.IPAddress?)"/>).</summary>
    public static string ClientNetwork(HttpContext http) => NetworkOf(http.Connection.RemoteIpAddress);

    /// <summary>
    /// The network a client is counted under, by every per-address limit and by the console's sign-in lockout: an IPv4
    /// address (also when it reaches a dual-mode socket as ::ffff:a.b.c.d), or an IPv6 address's /64. One machine usually
    /// holds a whole /64 (SLAAC, privacy addresses): counted address by address, it could rotate through them and escape
    /// any limit, or alone bring a ceiling over all addresses down on a person.
    /// </summary>
    public static string NetworkOf(System.Net.IPAddress? address)
    {
        if (address is null) return "desconocida";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    public static bool IsExempt(HttpContext http, RateLimitOptions limits) =>
        limits.ExemptLoopback && http.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);

    private static RateLimitPartition<string> PerMinute(HttpContext http, RateLimitOptions limits, string key, int permits) => IsExempt(http, limits)
        ? RateLimitPartition.GetNoLimiter("loopback")
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}

/// <summary>Wrong bearer credentials per client network: past the limit, the bearer schemes answer 429, not 401.</summary>
public class FailedAuthentications(RateLimitOptions limits, string metric = "failed_authentications")
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(network =>
        RateLimitPartition.GetFixedWindowLimiter(network, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.FailedAuthenticationsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Whether this network already used up its failures for now (counts nothing); the console's sign-in asks before checking a password.</summary>
    public bool Exhausted(HttpContext http)
    {
        if (RateLimits.IsExempt(http, limits)) return false;
        using var lease = _limiter.AttemptAcquire(RateLimits.ClientNetwork(http), permitCount: 0);
        return !lease.IsAcquired;
    }

    /// <summary>Counts one failure; null while under the limit, else how long until the network may try again.</summary>
    public TimeSpan? Count(HttpContext http)
    {
        if (RateLimits.IsExempt(http, limits)) return null;
        using var lease = _limiter.AttemptAcquire(RateLimits.ClientNetwork(http));
        if (lease.IsAcquired) return null;
        VotingMetrics.RateLimited(metric);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }
}

/// <summary>
/// Wrong console sign-ins and activation codes per client network, counted apart from wrong bearer credentials: a
/// script with a wrong token behind the office's one address (NAT) must not keep the staff there out of the console.
/// </summary>
public sealed class FailedConsoleSignIns(RateLimitOptions limits) : FailedAuthentications(limits, "failed_console_sign_ins");
