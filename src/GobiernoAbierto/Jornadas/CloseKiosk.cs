
namespace GobiernoAbierto.Jornadas;

public static class CloseKioskEndpoint
{
    public static Decision Decide(Jornada jornada, string kioskId, string by, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => Rejection.NotFound($"un kiosco «{kioskId}» en esta Jornada"),
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
