namespace GobiernoAbierto.Jornadas;

/// <summary>
/// Separation of duties while the vote is open: two actions that change where or until when ballots are taken (a new
/// kiosk, closing before the window ends) need an IEEQ auditor's countersignature. Staff ask with a reason
/// (RequestCountersignature), an auditor other than the requester grants or denies it with a reason (Countersign), and
/// the action then uses the grant once; the kiosk registration or the close records which grant it used. Everything is
/// in the Jornada's record and its audit log.
/// </summary>
public static class Countersignatures
{
    public const string RequiredCode = "countersignature_required";

    /// <remarks>
    /// A request already waiting for the IEEQ is named, so that staff wait for its answer instead of asking again. When
    /// the last request for the same action was withdrawn or denied (a grant withdrawn a moment before the kiosk was
    /// registered with it, from another desk), the answer says so, by whom and why, rather than only «Solicítela».
    /// </remarks>
    public static Rejection Required(Jornada jornada, CountersignedAction action, DateTimeOffset now, string? kioskId = null)
    {
        var forThis = jornada.Countersignatures.Where(c => c.Action == action && (action != CountersignedAction.RegisterKiosk || c.KioskId == kioskId)).ToList();
        var waiting = forThis.LastOrDefault(c => c.Status == CountersignatureStatus.Requested);
        var ask = waiting is not null
            ? $"Ya se solicitó el {QueretaroTime.Format(waiting.RequestedAt)} (hora del centro de México) y espera la respuesta del IEEQ: "
            : forThis.LastOrDefault() switch
            {
                { Status: CountersignatureStatus.Withdrawn, WithdrawnByIeeq: true, WithdrawnAt: { } at } last =>
                    $"El IEEQ retiró la contrafirma que había otorgado para esto ({last.WithdrawnBy}, el {QueretaroTime.Format(at)}, hora del centro de México): " +
                    $"«{last.WithdrawalReason}», y ya no contrafirma nada. Si aún hace falta, solicítela de nuevo indicando el motivo y ",
                { Status: CountersignatureStatus.Withdrawn, WithdrawnAt: { } at } last =>
                    $"La última solicitud para esto la retiró {last.WithdrawnBy} el {QueretaroTime.Format(at)} (hora del centro de México): " +
                    $"«{last.WithdrawalReason}», y ya no contrafirma nada. Si aún hace falta, solicítela de nuevo indicando el motivo y ",
                { Status: CountersignatureStatus.Granted, GrantExpiresAt: { } expired } last when last.ExpiredAt(now) =>
                    $"La contrafirma que otorgó {last.DecidedBy} el {QueretaroTime.Format(last.DecidedAt!.Value)} venció sin usarse el " +
                    $"{QueretaroTime.Format(expired)} (hora del centro de México): una contrafirma vale {GrantLifetimeText}. Si aún hace " +
                    "falta, solicítela de nuevo indicando el motivo y ",
                { Status: CountersignatureStatus.Denied, DecidedAt: { } at } last =>
                    $"El IEEQ negó la última solicitud para esto ({last.DecidedBy}, el {QueretaroTime.Format(at)}, hora del centro de México): " +
                    $"«{last.DecisionReason}». Si aún hace falta, solicítela de nuevo indicando el motivo y ",
                _ => "Solicítela indicando el motivo y ",
            };
        return new(RequiredCode, "Se requiere la contrafirma del IEEQ",
            action == CountersignedAction.RegisterKiosk
                ? $"Con la votación abierta, registrar el kiosco «{kioskId}» requiere la contrafirma de una persona auditora del IEEQ. " +
                  ask + "registre el kiosco cuando el IEEQ la otorgue."
                : $"La votación termina el {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México): cerrarla antes requiere la contrafirma de una persona " +
                  "auditora del IEEQ. " + ask + "cierre cuando el IEEQ la otorgue.");
    }

    public static string Describe(CountersignedAction action, string? kioskId, string? kioskName = null, string? kioskLocation = null) =>
        action == CountersignedAction.RegisterKiosk
            ? $"registrar el kiosco «{kioskId}»{(kioskName is null ? "" : $" («{kioskName}», en «{kioskLocation}»)")} con la votación abierta"
            : "cerrar la votación antes de que termine su horario";

    public static string Describe(Countersignature c) => Describe(c.Action, c.KioskId, c.KioskName, c.KioskLocation);

    public static readonly string GrantLifetimeText = $"{Countersignature.GrantLifetime.TotalHours:0} horas desde que el IEEQ la otorga";

    /// <summary>
    /// Where the request stands at this instant, in a Jornada whose vote closed at <paramref name="votingClosedAt"/> (null
    /// while it is open): a grant past its lifetime is said expired whatever the Jornada's state; one still within it after
    /// the close is said unusable (nothing is countersigned once the vote is closed), as is a request left unanswered.
    /// </summary>
    public static string Label(Countersignature c, DateTimeOffset now, DateTimeOffset? votingClosedAt) => c switch
    {
        { Status: CountersignatureStatus.Withdrawn, WithdrawnByIeeq: true } => "Otorgada y retirada por el IEEQ",
        { GrantExpiresAt: { } end } when end <= now => $"Otorgada, venció sin usarse el {QueretaroTime.Format(end)} ({Zone})",
        { GrantExpiresAt: not null } when votingClosedAt is { } closed =>
            $"Otorgada, no se usó: la votación cerró el {QueretaroTime.Format(closed)} ({Zone}) y ya no se puede usar",
        { GrantExpiresAt: { } end } => $"{Label(c.Status)} (vale hasta el {QueretaroTime.Format(end)}, {Zone})",
        { Status: CountersignatureStatus.Requested } when votingClosedAt is { } closed =>
            $"Solicitada, sin respuesta del IEEQ: la votación cerró el {QueretaroTime.Format(closed)} ({Zone})",
        _ => Label(c.Status),
    };

    public static string Label(Jornada jornada, Countersignature c, DateTimeOffset now) => Label(c, now, jornada.ClosedAt);

    /// <summary>
    /// Who answered the request and who withdrew it, each with when and why, as the consoles show them after its state:
    /// « (decidió … el 29/11/2020 11:00, hora del centro de México: «…»)». One text for the Jornada's page, the close page
    /// and the IEEQ's desk, which each wrote it their own way and gave the time without its zone.
    /// </summary>
    public static string Trail(Countersignature c) =>
        (c.DecidedBy is null ? "" : $" (decidió {c.DecidedBy}{At(c.DecidedAt)}: «{c.DecisionReason}»)") +
        (c.WithdrawnBy is null ? "" : $" (retiró {c.WithdrawnBy}{At(c.WithdrawnAt)}: «{c.WithdrawalReason}»)");

    private static string At(DateTimeOffset? at) => at is { } when ? $" el {QueretaroTime.Format(when)}, {Zone}" : "";

    private const string Zone = "hora del centro de México";

    public static string Label(CountersignatureStatus status) => status switch
    {
        CountersignatureStatus.Requested => "Solicitada, en espera del IEEQ",
        CountersignatureStatus.Granted => "Otorgada, aún sin usar",
        CountersignatureStatus.Denied => "Negada",
        CountersignatureStatus.Used => "Otorgada y usada",
        CountersignatureStatus.Withdrawn => "Retirada por el personal",  // the IEEQ's own withdrawal: Label(c, now, closedAt)
        _ => status.ToString(),
    };
}

/// <summary>A countersignature request as staff and the IEEQ see it.</summary>
/// <param name="DecidedBy">Who granted or denied it, with DecisionReason and DecidedAt; a withdrawal is said by WithdrawnBy and the two after it.</param>
/// <param name="WithdrawnByIeeq">Withdrawn by an IEEQ auditor (its own grant), not by staff.</param>
/// <param name="GrantExpiresAt">A grant's end: unused by then, it countersigns nothing (Status stays Granted; StatusLabel says it expired).</param>
public sealed record CountersignatureView(Guid RequestId, CountersignedAction Action, string? KioskId, string What, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt, CountersignatureStatus Status, string StatusLabel, string? DecidedBy, string? DecisionReason,
    DateTimeOffset? DecidedAt, string? KioskName, string? KioskLocation, string? WithdrawnBy, string? WithdrawalReason, DateTimeOffset? WithdrawnAt,
    DateTimeOffset? GrantExpiresAt, bool WithdrawnByIeeq = false)
{
    public static CountersignatureView From(Jornada jornada, Countersignature c, DateTimeOffset now) => new(c.RequestId, c.Action, c.KioskId,
        Countersignatures.Describe(c), c.Reason, c.RequestedBy, c.RequestedAt, c.Status, Countersignatures.Label(jornada, c, now), c.DecidedBy,
        c.DecisionReason, c.DecidedAt, c.KioskName, c.KioskLocation, c.WithdrawnBy, c.WithdrawalReason, c.WithdrawnAt, c.GrantExpiresAt,
        c.WithdrawnByIeeq);
}

public static class CountersignatureReadEndpoints
{
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<GobiernoAbierto.Jornadas.CountersignatureView>>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/countersignatures", OperationId = "ListCountersignatures")]
    public static async Task<IResult> List(Guid jornadaId, IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        await session.LoadAsync<Jornada>(jornadaId, cancellation) is { } jornada
            ? Results.Ok(jornada.Countersignatures.Select(c => CountersignatureView.From(jornada, c, clock.GetUtcNow())).ToList())
            : Problems.Result(Jornada.NotFound);
}
