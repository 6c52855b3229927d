
namespace GobiernoAbierto.Jornadas;

public static class CloseKioskEndpoint
{
    /// <summary>
    /// After the close nothing joins the record but the certification and the publication (its rules, which `verify`
    /// checks): a kiosk closed then moved the record past the sello del registro and read as forged.
    /// </summary>
    public static readonly Rejection JornadaAlreadyClosed = new("jornada_closed", "La Jornada ya cerró",
        "La votación ya cerró: ningún kiosco recibe votos, y después del cierre el registro de la Jornada solo admite la certificación y la publicación.");

    public static Decision Decide(Jornada jornada, string kioskId, string by, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => Rejection.NotFound($"un kiosco «{kioskId}» en esta Jornada"),
            _ when jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) => JornadaAlreadyClosed,
            { Active: false } => new Rejection("kiosk_closed", "Kiosco ya cerrado", $"El kiosco «{kioskId}» ya estaba cerrado."),
            _ => jornada.Record(new KioskClosed(jornada.Id, kioskId, by, now)),
        };

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks/{kioskId}/close", OperationId = "CloseKiosk")]
    public static (IResult, Events) Post(string kioskId, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, kioskId, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
