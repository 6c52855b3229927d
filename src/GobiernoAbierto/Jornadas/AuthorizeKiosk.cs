using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// The fingerprint a configured kiosk shows on its screen, e.g. «K7M2-9QXD»: eight characters of a hash of its device's
/// credential (Crockford's base 32: no I, L, O or U to misread). It is worked out from the credential, which only the
/// device and the service have, not from the credential's hash the record publishes.
/// </summary>
public static class KioskFingerprint
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Of(string credential)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("huella-de-kiosco|" + credential));
        var bits = (ulong)hash[0] << 32 | (ulong)hash[1] << 24 | (ulong)hash[2] << 16 | (ulong)hash[3] << 8 | hash[4];
        var chars = new char[9];
        for (int i = 0, c = 0; i < 8; i++, c++)
        {
            if (i == 4) chars[c++] = '-';
            chars[c] = Alphabet[(int)(bits >> (35 - 5 * i) & 31)];
        }
        return new string(chars);
    }

    /// <summary>As a person types it: any case, with or without the dash (or a phone's) or spaces, O for 0 and I or L for 1.</summary>
    public static string Tidy(string typed)
    {
        var kept = new StringBuilder();
        foreach (var ch in typed.ToUpperInvariant())
        {
            if (Credentials.VotingCode.Separators.Contains(ch)) continue;
            kept.Append(ch switch { 'O' => '0', 'I' or 'L' => '1', _ => ch });
        }
        return kept.Length == 8 ? kept.ToString(0, 4) + "-" + kept.ToString(4, 4) : kept.ToString();
    }
}

/// <summary>
/// Whether this service has an IEEQ to authorize its kiosks: an auditor key in its configuration, or an auditor account
/// ever created (a disabled one too, so that disabling every auditor waives nothing). One without (the reference
/// benchmark starts the service with a staff key only) could not certify a tally either, its configured kiosks vote
/// without an authorization and its staff may download the ballots; from the moment an auditor exists, every configured
/// kiosk not yet authorized waits for it, and the ballots (receipts beside choices) are the IEEQ's alone.
/// Asked on every kiosk ballot, so: once true it stays true (nothing ever writes false over it); while false one caller
/// at a time asks the database, at most every 2 s after a "no", and whoever comes while it asks waits for its answer
/// (they were told "no IEEQ" meanwhile, the red team found: a restarted instance let unauthorized kiosks through until
/// its first answer, and only the group commit's own question stopped their ballots).
/// </summary>
public sealed class IeeqPresence(Func<CancellationToken, Task<bool>> anyAuditorAccount, IOptionsMonitor<AuthOptions> keys)
{
    private const long AskEveryMs = 2_000;
    private volatile bool _present;
    private long _answeredNoAt = long.MinValue;
    private readonly SharedReads<bool, bool> _asking = new(); // one question at a time: a single key

    public IeeqPresence(IDocumentStore store, IOptionsMonitor<AuthOptions> keys) : this(async cancellation =>
    {
        await using var session = store.QuerySession();
        return await session.Query<Accounts.Account>().AnyAsync(a => a.Role == Roles.Auditor, cancellation);
    }, keys)
    {
    }

    /// <remarks>A question that fails fails its waiters too (503): unanswered is not "no IEEQ", and the next caller asks again.</remarks>
    public async ValueTask<bool> IsPresentAsync(CancellationToken cancellation)
    {
        if (_present || keys.CurrentValue.Keys.Any(k => k.Role == Roles.Auditor)) return true;
        var answered = Interlocked.Read(ref _answeredNoAt);
        if (answered != long.MinValue && Environment.TickCount64 - answered < AskEveryMs) return false;
        return await _asking.ReadAsync(true, AskAsync, cancellation);
    }

    private async Task<bool> AskAsync(bool _, CancellationToken cancellation)
    {
        var present = await anyAuditorAccount(cancellation);
        if (present) _present = true;
        else Interlocked.Exchange(ref _answeredNoAt, Environment.TickCount64);
        return present;
    }
}

/// <param name="Fingerprint">What the kiosk's screen shows, as the auditor read it there.</param>
public sealed record AuthorizeKiosk(string Fingerprint);

public sealed class AuthorizeKioskValidator : AbstractValidator<AuthorizeKiosk>
{
    public AuthorizeKioskValidator() =>
        RuleFor(c => c.Fingerprint).NotEmpty().WithMessage("Escriba la huella que muestra la pantalla del kiosco, p. ej. «K7M2-9QXD».")
            .MaximumLength(40).WithMessage("La huella del kiosco son 8 letras y dígitos, p. ej. «K7M2-9QXD».")
            .WithName("huella");
}

public sealed record KioskAuthorization(Guid JornadaId, string KioskId, DateTimeOffset AuthorizedAt);

/// <summary>
/// The IEEQ's authorization of a kiosk: staff register a kiosk and its device configures itself, but both can be done
/// from anywhere (a laptop at home takes ballots for everyone who has not voted). A configured kiosk therefore takes no
/// ballot until an IEEQ auditor, standing in front of it, types the fingerprint its screen shows. The record says who
/// authorized each kiosk and when.
/// </summary>
public static class AuthorizeKioskEndpoint
{
    public static readonly Rejection FingerprintMismatch = new("kiosk_fingerprint_mismatch", "La huella no coincide",
        "La huella escrita no es la del equipo que se configuró como este kiosco. Léala de nuevo en la pantalla del kiosco. " +
        "Si sigue sin coincidir, no lo autorice: ese equipo no es el kiosco registrado; avise al personal municipal.",
        StatusCodes.Status400BadRequest);

    public static Decision Decide(Jornada jornada, string kioskId, string fingerprint, string by, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => KioskIds.NotFound(kioskId),
            _ when jornada.Status == JornadaStatus.Withdrawn => jornada.WithdrawnRefusal(),
            _ when jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) => CloseKioskEndpoint.JornadaAlreadyClosed,
            { Active: false } => new Rejection("kiosk_closed", "Kiosco cerrado", $"El kiosco «{kioskId}» está cerrado y ya no se autoriza."),
            { Configured: false } => new Rejection("kiosk_not_configured", "Kiosco sin configurar",
                $"El kiosco «{kioskId}» aún no se configura: el personal abre su enlace de configuración en el equipo del kiosco, y entonces su pantalla muestra la huella."),
            { Fingerprint: null } => new Rejection("kiosk_authorization_not_needed", "Kiosco sin huella",
                $"El kiosco «{kioskId}» se configuró antes de que existiera la autorización del IEEQ: no muestra huella y ya recibe votos."),
            { Fingerprint: { } shown } when shown != KioskFingerprint.Tidy(fingerprint) => FingerprintMismatch,
            { AuthorizedAt: not null } => Decision.Accept(), // the same fingerprint again: a retry, already done
            _ => jornada.Record(new KioskAuthorized(jornada.Id, kioskId, by, now)),
        };

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Auditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.KioskAuthorization>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks/{kioskId}/authorization", OperationId = "AuthorizeKiosk")]
    public static (IResult, Events) Post(string kioskId, AuthorizeKiosk command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var decision = Decide(jornada, kioskId, command.Fingerprint, user.Actor(), clock.GetUtcNow());
        var at = decision.Events.OfType<KioskAuthorized>().FirstOrDefault()?.AuthorizedAt ?? jornada.FindKiosk(kioskId)?.AuthorizedAt ?? clock.GetUtcNow();
        return decision.Answer(Results.Ok(new KioskAuthorization(jornada.Id, kioskId, at)));
    }
}
