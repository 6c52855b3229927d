namespace GobiernoAbierto.Jornadas;

/// <summary>Staff withdraw a countersignature request not used yet, saying why.</summary>
public sealed record WithdrawCountersignature(string Reason);

public sealed class WithdrawCountersignatureValidator : AbstractValidator<WithdrawCountersignature>
{
    public WithdrawCountersignatureValidator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué la retira: queda en el registro.")
        .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
}

/// <summary>
/// A request that is pending or granted and not used can be withdrawn by staff while the vote is open: a grant would
/// otherwise stay usable until the close (a kiosk that went elsewhere, a close no longer wanted), and a request that
/// needs correcting (another name or place for the kiosk) could not be asked again, since one is open per action and kiosk.
/// </summary>
public static class WithdrawCountersignatureEndpoint
{
    public static Decision Decide(Jornada jornada, Guid requestId, WithdrawCountersignature command, string by, DateTimeOffset now)
    {
        if (jornada.FindCountersignature(requestId) is not { } request)
            return Rejection.NotFound("una solicitud de contrafirma con ese identificador en esta Jornada");
        if (request.Status == CountersignatureStatus.Used)
            return new Rejection("countersignature_already_used", "Contrafirma ya usada",
                $"La contrafirma para {Countersignatures.Describe(request)} ya se usó; no se puede retirar.");
        if (request is { Status: CountersignatureStatus.Withdrawn, WithdrawnByIeeq: true, WithdrawnAt: { } grantWithdrawnAt })
            return CountersignEndpoint.WithdrawnByIeeq(request, grantWithdrawnAt);
        if (request is { Status: CountersignatureStatus.Withdrawn, WithdrawnAt: { } withdrawnAt })
            return new Rejection("countersignature_withdrawn", "Solicitud ya retirada",
                $"{request.WithdrawnBy} ya retiró esta solicitud el {QueretaroTime.Format(withdrawnAt)} (hora del centro de México): «{request.WithdrawalReason}».");
        if (request.Status is not (CountersignatureStatus.Requested or CountersignatureStatus.Granted))
            return new Rejection("countersignature_already_decided", "Solicitud ya resuelta",
                $"La solicitud de contrafirma para {Countersignatures.Describe(request)} ya no está pendiente ni otorgada: " +
                $"{Sentence.Inside(Countersignatures.Label(request.Status))}.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La votación ya está cerrada; la solicitud ya no tiene efecto.");
        return jornada.Record(new CountersignatureWithdrawn(jornada.Id, requestId, command.Reason.Trim(), by, now));
    }

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.CountersignatureView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/countersignatures/{requestId}/withdrawal", OperationId = "WithdrawCountersignature")]
    public static (IResult, Events) Post(Guid requestId, WithdrawCountersignature command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada, ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, requestId, command, user.Actor(), clock.GetUtcNow())
            .Answer(Answers.View<Jornada>(jornada.Id, j => CountersignatureView.From(j, j.FindCountersignature(requestId)!, clock.GetUtcNow())));
}
