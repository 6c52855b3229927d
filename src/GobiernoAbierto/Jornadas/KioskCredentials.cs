using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// Looked up by the keyed hash of a kiosk's bearer token when the kiosk authenticates: VoterKeys.KioskDeviceHash for the
/// device's credential, VoterKeys.KioskLinkHash for the configuration link's, which casts nothing and configures the
/// kiosk's device once. Setup says which it is, for whoever reads the table; authentication goes by the hash that found it.
/// </summary>
public sealed record KioskCredential(string Id, Guid JornadaId, string KioskId, bool Setup = false)
{
    public static string NewToken() => AccessControl.KioskTokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What a device may make its own credential of: the prefix, then at least 32 random bytes in base64url.</summary>
    public static bool IsWellMade(string? token) => token is { Length: >= 50 and <= 120 } && token.StartsWith(AccessControl.KioskTokenPrefix, StringComparison.Ordinal)
        && token.AsSpan(AccessControl.KioskTokenPrefix.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;
}

public sealed partial class KioskCredentialProjection : EventProjection
{
    public KioskCredential Create(KioskRegistered e) => new(e.CredentialHash, e.JornadaId, e.KioskId, Setup: true);

    public KioskCredential Create(KioskActivated e) => new(e.CredentialHash, e.JornadaId, e.KioskId);
}

/// <summary>
/// The kiosk credentials this instance has found, by token hash, so a kiosk's ballots do not each read the database to
/// authenticate. A credential names its Jornada and kiosk for good; whether the kiosk is still open is checked on every
/// ballot, under the Jornada's lock (BallotBatch). Only credentials that exist are kept, so the dictionary holds at most
/// the registered kiosks; an unknown token is looked up every time, as it may have been registered on another instance.
/// </summary>
public sealed class KnownKioskCredentials
{
    private readonly ConcurrentDictionary<string, KioskCredential> _found = new(StringComparer.Ordinal);
    private readonly SharedReads<string, KioskCredential?> _reads = new();

    /// <summary>A kiosk's requests that arrive together before its credential is found (a fresh instance) wait for one read.</summary>
    public ValueTask<KioskCredential?> FindAsync(IDocumentStore store, string credentialHash, CancellationToken cancellation) =>
        _found.TryGetValue(credentialHash, out var known) ? ValueTask.FromResult<KioskCredential?>(known) : new(ReadAsync(store, credentialHash, cancellation));

    private Task<KioskCredential?> ReadAsync(IDocumentStore store, string credentialHash, CancellationToken cancellation) =>
        _reads.ReadAsync(credentialHash, async (hash, token) =>
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<KioskCredential>(hash, token) is not { } credential) return null;
            _found[hash] = credential;
            return credential;
        }, cancellation);
}

/// <summary>
/// A kiosk's token: the kiosk role for its device's credential, kiosk_setup for its configuration link's; the Jornada and
/// kiosk it belongs to as claims.
/// </summary>
public sealed class KioskAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDocumentStore store,
    KnownKioskCredentials known, Ballots.VoterKeys keys, FailedAuthentications failures)
    : BearerAuthenticationHandler(options, logger, encoder, failures)
{
    public const string JornadaClaim = "jornada";
    public const string KioskClaim = "kiosk";

    protected override async Task<Claim[]?> AuthenticateAsync(string token, string tokenHash)
    {
        // Which keyed hash finds the token says whether it is a device's credential or a configuration link (VoterKeys).
        if (await known.FindAsync(store, keys.KioskDeviceHash(token), Context.RequestAborted) is { } device) return Claims(device, link: false);
        return await known.FindAsync(store, keys.KioskLinkHash(token), Context.RequestAborted) is { } link ? Claims(link, link: true) : null;
    }

    private static Claim[] Claims(KioskCredential kiosk, bool link) =>
    [
        // The link's name is not the device's: whoever kept a spent link must not use up the kiosk's ballots a minute (RateLimits).
        new Claim(ClaimTypes.Name, link ? $"enlace del kiosco {kiosk.KioskId}" : $"kiosco {kiosk.KioskId}"),
        new Claim(ClaimTypes.Role, link ? Roles.KioskSetup : Roles.Kiosk),
        new Claim(JornadaClaim, kiosk.JornadaId.ToString()),
        new Claim(KioskClaim, kiosk.KioskId),
    ];
}

/// <summary>
/// What a kiosk's screen needs to know about itself after it signs in. Configured: false when the caller holds the
/// kiosk's configuration link and not its device's credential; the page then exchanges the link (ActivateKioskEndpoint).
/// Authorized: whether it takes ballots yet; until then the screen shows Fingerprint for the IEEQ (AuthorizeKioskEndpoint).
/// </summary>
public sealed record KioskSession(Guid JornadaId, string KioskId, string Name, string Location, bool Active, bool Configured = true,
    bool Authorized = true, string? Fingerprint = null);

public static class KioskSessionEndpoint
{
    [Authorize(Roles = Roles.Kiosk + "," + Roles.KioskSetup)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.KioskSession>(StatusCodes.Status200OK)]
    [WolverineGet("/api/kiosk/session", OperationId = "GetKioskSession")]
    public static async Task<IResult> Get(ClaimsPrincipal user, IQuerySession session, KioskHeartbeats heartbeats, IeeqPresence ieeq,
        CancellationToken cancellation)
    {
        var jornadaId = Guid.Parse(user.FindFirst(KioskAuthentication.JornadaClaim)!.Value);
        var kioskId = user.FindFirst(KioskAuthentication.KioskClaim)!.Value;
        var device = user.IsInRole(Roles.Kiosk);
        var kiosk = (await session.LoadAsync<Jornada>(jornadaId, cancellation))?.FindKiosk(kioskId);
        // A link is not a kiosk yet: only a device's session is a sign of life on the dashboard.
        if (kiosk is not null && device) await heartbeats.SeenAsync(jornadaId, kioskId, cancellation);
        return kiosk is null
            ? Problems.Result(Jornada.NotFound)
            : Results.Ok(new KioskSession(jornadaId, kiosk.Id, kiosk.Name, kiosk.Location, kiosk.Active, device,
                Authorized: device && (!kiosk.AwaitsAuthorization || !await ieeq.IsPresentAsync(cancellation)),
                Fingerprint: device ? kiosk.Fingerprint : null));
    }
}
