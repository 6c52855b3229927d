
namespace GobiernoAbierto.Jornadas;

/// <summary>Why staff close a kiosk (stolen, broken, moved, the place closed): the record keeps it for the IEEQ.</summary>
public sealed record CloseKiosk(string Reason);

public sealed class CloseKioskValidator : AbstractValidator<CloseKiosk>
{
    public CloseKioskValidator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué cierra el kiosco: queda en el registro que revisa el IEEQ.")
        .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
}

public static class CloseKioskEndpoint
{
    /// <summary>
    /// After the close nothing joins the record but the certification and the publication (its rules, which `verify`
    /// checks): a kiosk closed then moved the record past the sello del registro and read as forged.
    /// </summary>
    public static readonly Rejection JornadaAlreadyClosed = new("jornada_closed", "La Jornada ya cerró",
        "La votación ya cerró: ningún kiosco recibe votos, y después del cierre el registro de la Jornada solo admite la certificación y la publicación.");

    public static Decision Decide(Jornada jornada, string kioskId, CloseKiosk command, string by, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => KioskIds.NotFound(kioskId),
            _ when jornada.Status == JornadaStatus.Withdrawn => jornada.WithdrawnRefusal(),
            _ when jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) => JornadaAlreadyClosed,
            { Active: false } kiosk => AlreadyClosed(kiosk),
            _ => jornada.Record(new KioskClosed(jornada.Id, kioskId, by, now, command.Reason.Trim())),
        };

    /// <summary>A colleague closed it first (two staff at one list): who, when and why, so neither closes it twice in the record's eyes.</summary>
    public static Rejection AlreadyClosed(Kiosk kiosk) => new("kiosk_closed", "Kiosco ya cerrado",
        $"El kiosco «{kiosk.Name}» ya estaba cerrado" +
        (kiosk.ClosedBy is { } by ? $": lo cerró {by}" : "") +
        (kiosk.ClosedAt is { } at ? $" el {QueretaroTime.Format(at)} (hora del centro de México)" : "") +
        (string.IsNullOrWhiteSpace(kiosk.ClosedReason) ? "." : $". Motivo: {Sentence.Quoted(kiosk.ClosedReason)}"));

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks/{kioskId}/close", OperationId = "CloseKiosk")]
    public static (IResult, Events) Post(string kioskId, CloseKiosk command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, kioskId, command, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
