using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GobiernoAbierto.Hosting;

/// <summary>Permits per minute. Generous for people (many voters share a carrier's address), tight for scripts.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Ballots per minute from one kiosk credential, or from one client address online.</summary>
    public int BallotsPerMinute { get; set; } = 120;

    /// <summary>Receipt and participation checks per minute from one client address.</summary>
    public int ChecksPerMinute { get; set; } = 60;

    /// <summary>Unknown bearer credentials per minute from one client address before it gets 429 instead of 401.</summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 20;

    /// <summary>
    /// Requests from this machine itself (health probes, the benchmark, the failover rehearsal) are not limited. Behind a
    /// reverse proxy the client's own address comes from the forwarded headers, so a real voter is never "loopback".
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;
}

/// <summary>
/// ASP.NET Core's rate limiter on the endpoints a script would hammer: casting (guessing voting codes) and the public
/// checks (guessing receipts); and a count of wrong bearer credentials per address. The answer is a Spanish 429 problem
/// with Retry-After. Configured under RateLimits.
/// </summary>
public static class RateLimits
{
    public const string Ballots = "ballots";
    public const string Checks = "checks";

    public static readonly Rejection TooMany = new("too_many_requests", "Demasiadas solicitudes",
        "Se recibieron demasiadas solicitudes desde esta conexión en poco tiempo. Espere un momento y vuelva a intentarlo.",
        StatusCodes.Status429TooManyRequests);

    public static void AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(new FailedAuthentications(limits));
        services.AddSingleton(new FailedConsoleSignIns(limits));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Ballots, http => PerMinute(http, limits, $"ballot|{CallerOf(http)}", limits.BallotsPerMinute));
            o.AddPolicy(Checks, http => PerMinute(http, limits, $"check|{AddressOf(http)}", limits.ChecksPerMinute));
            o.OnRejected = async (context, cancellation) =>
            {
                VotingMetrics.RateLimited(
                    context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "other");
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await Problems.WriteAsync(context.HttpContext, TooMany);
            };
        });
    }

    /// <summary>
    /// The kiosk (or other credential) when the request carries one, with its Jornada (two Jornadas may each have a
    /// «kiosco-1»); the client address otherwise.
    /// </summary>
    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? $"who|{http.User.Identity.Name}|{http.User.FindFirst(Jornadas.KioskAuthentication.JornadaClaim)?.Value}"
            : $"ip|{AddressOf(http)}";

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "desconocida";

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

/// <summary>Wrong bearer credentials per client address: past the limit, the bearer schemes answer 429, not 401.</summary>
public class FailedAuthentications(RateLimitOptions limits, string metric = "failed_authentications")
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.FailedAuthenticationsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Whether this address already used up its failures for now (counts nothing); the console's sign-in asks before checking a password.</summary>
    public bool Exhausted(HttpContext http)
    {
        if (RateLimits.IsExempt(http, limits)) return false;
        using var lease = _limiter.AttemptAcquire(RateLimits.AddressOf(http), permitCount: 0);
        return !lease.IsAcquired;
    }

    /// <summary>Counts one failure; null while under the limit, else how long until the address may try again.</summary>
    public TimeSpan? Count(HttpContext http)
    {
        if (RateLimits.IsExempt(http, limits)) return null;
        var address = RateLimits.AddressOf(http);
        using var lease = _limiter.AttemptAcquire(address);
        if (lease.IsAcquired) return null;
        VotingMetrics.RateLimited(metric);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }
}

/// <summary>
/// Wrong console sign-ins and activation codes per client address, counted apart from wrong bearer credentials: a
/// script with a wrong token behind the office's one address (NAT) must not keep the staff there out of the console.
/// </summary>
public sealed class FailedConsoleSignIns(RateLimitOptions limits) : FailedAuthentications(limits, "failed_console_sign_ins");
