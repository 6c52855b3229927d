namespace GobiernoAbierto.Jornadas;

/// <summary>Answer to a kiosk's configuration: the device's own credential, shown this once to the device alone.</summary>
public sealed record KioskActivation(Guid JornadaId, string KioskId, string Credential);

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

    public static Rejection AlreadyConfigured(string kioskId, DateTimeOffset? at) => new("kiosk_already_configured", "Enlace ya usado",
        $"El enlace de configuración del kiosco «{kioskId}» ya se usó" + (at is { } when ? $" el {QueretaroTime.Format(when)} (hora del centro de México)" : "") +
        " y sirve una sola vez. " +
        "Si este equipo no es el que se configuró entonces, avise al personal municipal y al IEEQ: el personal cierra ese kiosco y registra otro.");

    public static Decision Decide(Jornada jornada, string kioskId, string credentialHash, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => Rejection.NotFound($"un kiosco «{kioskId}» en esta Jornada"),
            _ when jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) => CloseKioskEndpoint.JornadaAlreadyClosed,
            { Active: false } => new Rejection("kiosk_closed", "Kiosco cerrado",
                $"El kiosco «{kioskId}» está cerrado y ya no se configura. El personal municipal puede registrar otro.", StatusCodes.Status403Forbidden),
            { Configured: true } kiosk => AlreadyConfigured(kioskId, kiosk.ConfiguredAt),
            _ => jornada.Record(new KioskActivated(jornada.Id, kioskId, credentialHash, now)),
        };

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.KioskSetup)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks/{kioskId}/activation", OperationId = "ActivateKiosk")]
    public static (IResult, Events) Post(string kioskId, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock)
    {
        if (user.FindFirst(KioskAuthentication.JornadaClaim)?.Value != jornada.Id.ToString() || user.FindFirst(KioskAuthentication.KioskClaim)?.Value != kioskId)
            return (Problems.Result(NotThisKiosk), []);
        var token = KioskCredential.NewToken();
        return Decide(jornada, kioskId, KioskCredential.Hash(token), clock.GetUtcNow())
            .Answer(Results.Ok(new KioskActivation(jornada.Id, kioskId, token)));
    }
}
