using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Bearer credentials. Requests name one scheme, "Bearer"; it forwards each token by its kind: a kiosk device token
/// (prefix "kiosco_") to the kiosk scheme the Jornadas slice adds (KioskAuthentication), anything else to the
/// credentials configured in Auth:Keys (staff, IEEQ, the online portal, the committee).
/// </summary>
public static class AccessControl
{
    public const string Scheme = "Bearer";
    public const string KeysScheme = "ConfiguredKeys";
    public const string KioskScheme = "Kiosk";
    public const string KioskTokenPrefix = "kiosco_";

    public static AuthenticationBuilder AddAccessControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.AddAuthorization();
        return services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, Scheme, o => o.ForwardDefaultSelector = context =>
                BearerAuthenticationHandler.TokenOf(context.Request)?.StartsWith(KioskTokenPrefix, StringComparison.Ordinal) == true
                    ? KioskScheme
                    : KeysScheme)
            .AddBearerScheme<ApiKeyAuthenticationHandler>(KeysScheme);
    }

    /// <summary>
    /// A bearer scheme, its log held at Warning. ASP.NET's authentication handler logs at Information every request it
    /// challenges or forbids (two lines for each unknown credential, "was not authenticated" and "was challenged"), in
    /// the handler's own category (GobiernoAbierto.…), which appsettings' "Microsoft.AspNetCore": "Warning" does not
    /// reach: a flood of bad credentials would flood the log. The rate limit counts them instead (RateLimits,
    /// gobiernoabierto_rate_limited_total{policy="failed_authentications"}), and 401s and 403s show in the HTTP metric.
    /// </summary>
    public static AuthenticationBuilder AddBearerScheme<THandler>(this AuthenticationBuilder authentication, string scheme)
        where THandler : BearerAuthenticationHandler
    {
        authentication.Services.AddLogging(logging => logging.AddFilter(typeof(THandler).FullName, LogLevel.Warning));
        return authentication.AddScheme<AuthenticationSchemeOptions, THandler>(scheme, null);
    }
}

/// <summary>What every bearer scheme shares: reading the token, and answering 401/403 as Spanish problem details.</summary>
public abstract class BearerAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    FailedAuthentications failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string ThrottledFor = "bearer-throttled-for";

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The token of an "Authorization: Bearer ..." header, or null.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header)) return AuthenticateResult.NoResult();
        if (TokenOf(Request) is not { Length: > 0 } token) return AuthenticateResult.Fail("Authorization must be 'Bearer <token>'.");
        if (await AuthenticateAsync(token, HashToken(token)) is { } claims)
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, AccessControl.Scheme)), Scheme.Name));
        if (failures.Count(Context) is { } retryAfter) Context.Items[ThrottledFor] = retryAfter;
        return AuthenticateResult.Fail("Unknown credential.");
    }

    /// <summary>The claims of whoever holds this token, or null when it is not a known credential.</summary>
    protected abstract Task<Claim[]?> AuthenticateAsync(string token, string tokenHash);

    /// <summary>401; 429 with Retry-After once this address has sent too many unknown credentials.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledFor] is not TimeSpan retryAfter)
        {
            Response.Headers.WWWAuthenticate = "Bearer"; // every 401 names its scheme (RFC 9110, 11.6.1)
            return Problems.WriteAsync(Context, Problems.Unauthenticated);
        }
        Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        return Problems.WriteAsync(Context, RateLimits.TooMany);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, Problems.Forbidden);
}

public static class PrincipalExtensions
{
    /// <summary>The name recorded in events as who did it.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "desconocido";
}
