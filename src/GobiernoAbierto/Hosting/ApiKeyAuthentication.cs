using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
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

    /// <summary>
    /// Who did it, as the printed sheets name them: a configured credential by its whole Name (no account may sign as one:
    /// CreateAccount refuses it), anyone else as Account.PublicName does. Alone, that read «Personal municipal
    /// (desarrollo)» as an account «Personal municipal» with the login «desarrollo», and printed half the name.
    /// </summary>
    public string PublicName(string actor) => Keys.Any(k => k.Name == actor) ? actor : Accounts.Account.PublicName(actor);
}

/// <summary>Staff, IEEQ, online-portal and committee tokens, from configuration (Auth:Keys).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> keys,
    FailedAuthentications failures)
    : BearerAuthenticationHandler(options, logger, encoder, failures)
{
    protected override Task<Claim[]?> AuthenticateAsync(string token, string tokenHash) =>
        Task.FromResult(keys.CurrentValue.Keys.FirstOrDefault(k => Matches(k, token, tokenHash)) is { } key
            ? new[] { new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role) }
            : null);

    private static bool Matches(ApiKey key, string token, string hash) =>
        (key.TokenSha256 is { Length: > 0 } expected &&
         CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(hash))) ||
        (key.Token is { Length: > 0 } plain &&
         CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(plain), Encoding.UTF8.GetBytes(token)));
}
