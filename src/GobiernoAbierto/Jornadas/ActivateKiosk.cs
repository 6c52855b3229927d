namespace GobiernoAbierto.Jornadas;

/// <summary>
/// The device's own credential, made by the device itself (32 random bytes, as KioskCredential.NewToken makes them) and
/// sent once here, so that an answer lost on the way can be asked for again with the same credential.
/// </summary>
public sealed record ActivateKiosk(string Credential);

public sealed class ActivateKioskValidator : AbstractValidator<ActivateKiosk>
{
    public ActivateKioskValidator() =>
        RuleFor(c => c.Credential).NotEmpty().WithMessage("Falta la credencial propia del equipo.")
            .Must(KioskCredential.IsWellMade).WithMessage(
                $"La credencial del equipo empieza con «{AccessControl.KioskTokenPrefix}» y sigue con al menos 43 letras, dígitos, «-» o «_» (32 bytes al azar).")
            .WithName("credencial");
}

/// <summary>
/// Answer to a kiosk's configuration: which kiosk the device now is (the credential is the one it sent), and the
/// fingerprint its screen shows until the IEEQ authorizes it (AuthorizeKioskEndpoint).
/// </summary>
public sealed record KioskActivation(Guid JornadaId, string KioskId, DateTimeOffset ConfiguredAt, string Fingerprint, bool Authorized);

/// <summary>
/// A kiosk's configuration link is the token staff get when they register it; they see it, so it must not vote. The
/// device that opens the link exchanges it here, once, for a credential of its own that nobody else has seen, and only
/// that credential casts the kiosk's ballots. Whoever copied the link and used it first is found out: the kiosk's own
/// device is then refused, and the record says when the kiosk was configured.
/// </summary>
public static class ActivateKioskEndpoint
{
    public static readonly Rejection NotThisKiosk = new("not_this_kiosk", "Enlace de otro kiosco",
        "Este enlace de configuración es de otro kiosco o de otra Jornada.", StatusCodes.Status403Forbidden);

    public static readonly Rejection CredentialInUse = Rejection.Invalid("kiosk_credential_in_use",
        "Esa credencial ya es de otro equipo. El equipo debe crear una credencial nueva al azar.");

    public static Rejection AlreadyConfigured(string kioskId, DateTimeOffset? at) => new("kiosk_already_configured", "Enlace ya usado",
        $"El enlace de configuración del kiosco «{kioskId}» ya se usó" + (at is { } when ? $" el {QueretaroTime.Format(when)} (hora del centro de México)" : "") +
        " y sirve una sola vez. Si este equipo no es el que se configuró entonces, avise al personal municipal y al IEEQ: el personal cierra ese kiosco y registra otro.");

    /// <param name="credentialHash">The keyed hash of the credential the device made (VoterKeys.KioskDeviceHash); the same one
    /// again (a retry) is answered as done.</param>
    /// <param name="fingerprint">The credential's fingerprint (KioskFingerprint), which the IEEQ compares with the device's screen.</param>
    public static Decision Decide(Jornada jornada, string kioskId, string credentialHash, string fingerprint, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => KioskIds.NotFound(kioskId),
            _ when jornada.Status == JornadaStatus.Withdrawn => jornada.WithdrawnRefusal(),
            _ when jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) => CloseKioskEndpoint.JornadaAlreadyClosed,
            { Active: false } => new Rejection("kiosk_closed", "Kiosco cerrado",
                $"El kiosco «{kioskId}» está cerrado y ya no se configura. El personal municipal puede registrar otro.", StatusCodes.Status403Forbidden),
            { Configured: true, CredentialHash: { } taken } when taken == credentialHash => Decision.Accept(),
            { Configured: true } kiosk => AlreadyConfigured(kioskId, kiosk.ConfiguredAt),
            _ => jornada.Record(new KioskActivated(jornada.Id, kioskId, credentialHash, now, NeedsAuthorization: true, fingerprint)),
        };

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.KioskSetup)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.KioskActivation>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks/{kioskId}/activation", OperationId = "ActivateKiosk")]
    public static async Task<(IResult, Events)> Post(string kioskId, ActivateKiosk command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, IQuerySession session, IeeqPresence ieeq, Ballots.VoterKeys keys, TimeProvider clock, CancellationToken cancellation)
    {
        if (user.FindFirst(KioskAuthentication.JornadaClaim)?.Value != jornada.Id.ToString() || user.FindFirst(KioskAuthentication.KioskClaim)?.Value != kioskId)
            return (Problems.Result(NotThisKiosk), []);
        var hash = keys.KioskDeviceHash(command.Credential);
        // A credential another device (or a link) already has would make two kiosks one: refused, unless it is this kiosk's own retry.
        if (jornada.FindKiosk(kioskId)?.CredentialHash != hash && (await session.LoadAsync<KioskCredential>(hash, cancellation) is not null
                || await session.LoadAsync<KioskCredential>(keys.KioskLinkHash(command.Credential), cancellation) is not null))
            return (Problems.Result(CredentialInUse), []);
        var decision = Decide(jornada, kioskId, hash, KioskFingerprint.Of(command.Credential), clock.GetUtcNow());
        var kiosk = jornada.FindKiosk(kioskId);
        var at = decision.Events.OfType<KioskActivated>().FirstOrDefault()?.ActivatedAt ?? kiosk?.ConfiguredAt ?? clock.GetUtcNow();
        var awaits = decision.Events.OfType<KioskActivated>().FirstOrDefault()?.NeedsAuthorization ?? kiosk?.AwaitsAuthorization ?? false;
        var authorized = !awaits || !await ieeq.IsPresentAsync(cancellation);
        return decision.Answer(Results.Ok(new KioskActivation(jornada.Id, kioskId, at, KioskFingerprint.Of(command.Credential), authorized)));
    }
}
