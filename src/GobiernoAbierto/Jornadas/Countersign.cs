namespace GobiernoAbierto.Jornadas;

/// <summary>The IEEQ auditor's answer to a countersignature request: why it is granted, or why not.</summary>
public sealed record CountersignatureAnswer(string Reason);

public sealed class CountersignatureAnswerValidator : AbstractValidator<CountersignatureAnswer>
{
    public CountersignatureAnswerValidator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba el motivo de su respuesta.")
        .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
}

/// <summary>
/// An IEEQ auditor grants or denies a pending request. Never the person who asked (a person holding both roles cannot
/// countersign their own request), never twice, and only while the vote is open. Until it is used, the IEEQ may withdraw
/// a grant it gave (WithdrawGrant).
/// </summary>
public static class CountersignEndpoint
{
    public static Decision Grant(Jornada jornada, Guid requestId, CountersignatureAnswer answer, string by, DateTimeOffset now) =>
        Check(jornada, requestId, by) ?? jornada.Record(new CountersignatureGranted(jornada.Id, requestId, answer.Reason.Trim(), by, now));

    public static Decision Deny(Jornada jornada, Guid requestId, CountersignatureAnswer answer, string by, DateTimeOffset now) =>
        Check(jornada, requestId, by) ?? jornada.Record(new CountersignatureDenied(jornada.Id, requestId, answer.Reason.Trim(), by, now));

    /// <summary>
    /// The IEEQ withdraws a grant of its own not used yet, saying why: given by mistake (the wrong kiosk), or the situation
    /// changed. Any auditor may, as any may grant: withdrawing takes authority away and gives none (a dual-role person who
    /// asked could withdraw it as staff anyway). A request still waiting is not withdrawn by the IEEQ: it denies it, with
    /// its reason (a denial, not a withdrawal, is the IEEQ's answer, and staff may ask again after either). An expired grant
    /// may be withdrawn, as staff may, to say in the record why it went unused.
    /// </summary>
    public static Decision WithdrawGrant(Jornada jornada, Guid requestId, WithdrawCountersignature command, string by, DateTimeOffset now)
    {
        if (jornada.FindCountersignature(requestId) is not { } request)
            return Rejection.NotFound("una solicitud de contrafirma con ese identificador en esta Jornada");
        if (request is { Status: CountersignatureStatus.Withdrawn, WithdrawnAt: { } withdrawnAt })
            return new Rejection("countersignature_withdrawn", "Contrafirma ya retirada",
                $"{request.WithdrawnBy} ya retiró {(request.WithdrawnByIeeq ? "esta contrafirma" : "esta solicitud")} el {QueretaroTime.Format(withdrawnAt)} " +
                $"(hora del centro de México): «{request.WithdrawalReason}». Ya no contrafirma nada.");
        if (request.Status == CountersignatureStatus.Used)
            return new Rejection("countersignature_already_used", "Contrafirma ya usada",
                $"La contrafirma para {Countersignatures.Describe(request)} ya se usó; no se puede retirar.");
        if (request.Status == CountersignatureStatus.Requested)
            return new Rejection("countersignature_not_granted", "Contrafirma no otorgada",
                "Esta solicitud aún espera la respuesta del IEEQ: no hay contrafirma que retirar. Si no debe contrafirmarse, niéguela indicando el motivo.");
        if (request.Status != CountersignatureStatus.Granted)
            return new Rejection("countersignature_already_decided", "Solicitud ya resuelta",
                $"Esta solicitud ya fue resuelta por {request.DecidedBy}: {Sentence.Inside(Countersignatures.Label(request.Status))}; no hay contrafirma que retirar.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La votación ya está cerrada; la contrafirma ya no tiene efecto.");
        return jornada.Record(new CountersignatureWithdrawn(jornada.Id, requestId, command.Reason.Trim(), by, now, ByIeeq: true));
    }

    /// <summary>A request whose grant the IEEQ withdrew is answered no more, by the IEEQ nor by staff: only a new request reopens it.</summary>
    public static Rejection WithdrawnByIeeq(Countersignature request, DateTimeOffset withdrawnAt) =>
        new("countersignature_withdrawn", "Contrafirma retirada por el IEEQ",
            $"El IEEQ retiró la contrafirma que había otorgado a esta solicitud ({request.WithdrawnBy}, el {QueretaroTime.Format(withdrawnAt)}, " +
            $"hora del centro de México): «{request.WithdrawalReason}». Ya no contrafirma nada, y la solicitud ya no puede otorgarse, negarse ni " +
            "retirarse. Si aún hace falta, el personal municipal debe solicitar la contrafirma de nuevo, indicando el motivo, y el IEEQ responderá " +
            "esa nueva solicitud.");

    private static Rejection? Check(Jornada jornada, Guid requestId, string by)
    {
        if (jornada.FindCountersignature(requestId) is not { } request)
            return Rejection.NotFound("una solicitud de contrafirma con ese identificador en esta Jornada");
        // The IEEQ withdrew its own grant: staff did not withdraw the request, and the answer says what comes next.
        if (request is { Status: CountersignatureStatus.Withdrawn, WithdrawnByIeeq: true, WithdrawnAt: { } grantWithdrawnAt })
            return WithdrawnByIeeq(request, grantWithdrawnAt);
        if (request is { Status: CountersignatureStatus.Withdrawn, WithdrawnAt: { } withdrawnAt })
            return new Rejection("countersignature_withdrawn", "Solicitud retirada",
                $"{request.WithdrawnBy} retiró esta solicitud el {QueretaroTime.Format(withdrawnAt)} (hora del centro de México): " +
                $"«{request.WithdrawalReason}». Ya no hay nada que contrafirmar.");
        if (request.Status != CountersignatureStatus.Requested)
            return new Rejection("countersignature_already_decided", "Solicitud ya resuelta",
                $"Esta solicitud ya fue resuelta por {request.DecidedBy}: {Sentence.Inside(Countersignatures.Label(request.Status))}.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La votación ya está cerrada; la solicitud ya no tiene efecto.");
        if (string.Equals(request.RequestedBy, by, StringComparison.OrdinalIgnoreCase))
            return new Rejection("countersignature_same_person", "Separación de funciones",
                "Quien solicita una contrafirma no puede otorgarla ni negarla: debe resolverla otra persona del IEEQ.", StatusCodes.Status403Forbidden);
        return null;
    }

    /// <remarks>Exclusive, like deny: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Auditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.CountersignatureView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/countersignatures/{requestId}/grant", OperationId = "GrantCountersignature")]
    public static (IResult, Events) PostGrant(Guid requestId, CountersignatureAnswer answer,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada, ClaimsPrincipal user, TimeProvider clock) =>
        Grant(jornada, requestId, answer, user.Actor(), clock.GetUtcNow()).Answer(View(jornada.Id, requestId, clock.GetUtcNow()));

    [Authorize(Roles = Roles.Auditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.CountersignatureView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/countersignatures/{requestId}/deny", OperationId = "DenyCountersignature")]
    public static (IResult, Events) PostDeny(Guid requestId, CountersignatureAnswer answer,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada, ClaimsPrincipal user, TimeProvider clock) =>
        Deny(jornada, requestId, answer, user.Actor(), clock.GetUtcNow()).Answer(View(jornada.Id, requestId, clock.GetUtcNow()));

    /// <remarks>Exclusive, like grant: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Auditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.CountersignatureView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/countersignatures/{requestId}/grant/withdrawal", OperationId = "WithdrawCountersignatureGrant")]
    public static (IResult, Events) PostGrantWithdrawal(Guid requestId, WithdrawCountersignature command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada, ClaimsPrincipal user, TimeProvider clock) =>
        WithdrawGrant(jornada, requestId, command, user.Actor(), clock.GetUtcNow()).Answer(View(jornada.Id, requestId, clock.GetUtcNow()));

    private static IResult View(Guid jornadaId, Guid requestId, DateTimeOffset now) =>
        Answers.View<Jornada>(jornadaId, j => CountersignatureView.From(j, j.FindCountersignature(requestId)!, now));
}
