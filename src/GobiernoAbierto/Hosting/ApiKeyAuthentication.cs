using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using GobiernoAbierto.Jornadas.Kiosks;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GobiernoAbierto.Hosting;

/// <summary>One configured credential: who it is (shown in events as "by"), its role, and the token or its SHA-256.</summary>
public sealed class ApiKey
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";

    /// <summary>Plain token; acceptable only in development configuration.</summary>
    public string? Token { get; set; }

    /// <summary>Hex SHA-256 of the token; what production configuration should hold.</summary>
    public string? TokenSha256 { get; set; }
}

public sealed class AuthOptions
{
    public List<ApiKey> Keys { get; set; } = [];
}

/// <summary>
/// Bearer-token authentication. Staff, IEEQ and online-portal tokens come from configuration (Auth:Keys);
/// kiosk tokens are issued when a kiosk is registered and looked up by their hash.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> keys,
    IQuerySession query)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string JornadaClaim = "jornada";
    public const string KioskClaim = "kiosk";

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Authorization must be 'Bearer <token>'.");

        var token = header["Bearer ".Length..].Trim();
        var hash = HashToken(token);

        var key = keys.CurrentValue.Keys.FirstOrDefault(k => Matches(k, token, hash));
        if (key is not null)
            return Success(new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role));

        if (token.StartsWith(KioskCredential.TokenPrefix, StringComparison.Ordinal))
        {
            var kiosk = await query.LoadAsync<KioskCredential>(hash, Context.RequestAborted);
            if (kiosk is not null)
                return Success(
                    new Claim(ClaimTypes.Name, $"kiosco {kiosk.KioskId}"),
                    new Claim(ClaimTypes.Role, Roles.Kiosk),
                    new Claim(JornadaClaim, kiosk.JornadaId.ToString()),
                    new Claim(KioskClaim, kiosk.KioskId));
        }

        return AuthenticateResult.Fail("Unknown credential.");
    }

    private static bool Matches(ApiKey key, string token, string hash) =>
        (key.TokenSha256 is { Length: > 0 } expected &&
         CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(hash))) ||
        (key.Token is { Length: > 0 } plain &&
         CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(plain), Encoding.UTF8.GetBytes(token)));

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, Problems.Unauthenticated);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, Problems.Forbidden);
}

public static class PrincipalExtensions
{
    /// <summary>The name recorded in events as who did it.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "desconocido";
}
