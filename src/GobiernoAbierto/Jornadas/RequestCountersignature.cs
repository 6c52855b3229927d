namespace GobiernoAbierto.Jornadas;

/// <summary>
/// Staff ask the IEEQ to countersign an action: registering this kiosk (its id, name and place, which the grant fixes),
/// or closing before the window ends.
/// </summary>
/// <param name="Action">Nullable so that a request without it is asked what it is for (a missing enum would read as its first value).</param>
public sealed record RequestCountersignature(CountersignedAction? Action, string? KioskId, string Reason, [property: OneLine] string? KioskName = null,
    [property: OneLine] string? KioskLocation = null);

public sealed class RequestCountersignatureValidator : AbstractValidator<RequestCountersignature>
{
    public RequestCountersignatureValidator()
    {
        RuleFor(c => c.Action).NotNull().WithMessage("Elija qué necesita la contrafirma: registrar un kiosco o cerrar antes de tiempo.")
            .IsInEnum().WithName("acción").WithMessage("Elija qué necesita la contrafirma: registrar un kiosco o cerrar antes de tiempo.");
        RuleFor(c => KioskIds.Tidy(c.KioskId)).NotEmpty().WithMessage("Escriba el identificador del kiosco que quiere registrar.")
            .Matches(Slug.Pattern).WithMessage(c => KioskIds.Refusal(c.KioskId)).OverridePropertyName(nameof(RequestCountersignature.KioskId)).WithName("identificador del kiosco")
            .When(c => c.Action == CountersignedAction.RegisterKiosk);
        RuleFor(c => c.KioskName).NotEmpty().WithMessage("Escriba el nombre del kiosco: el IEEQ contrafirma el kiosco con su nombre y su ubicación.")
            // Counted as kept (KioskTexts.Tidy composes it): 120 × U+FB2C, three characters each once composed, kept 360.
            .Must(n => (KioskTexts.Tidy(n)?.Length ?? 0) <= 120).WithMessage("El nombre del kiosco lleva hasta 120 caracteres.").WithName("nombre del kiosco")
            .When(c => c.Action == CountersignedAction.RegisterKiosk);
        RuleFor(c => c.KioskLocation).NotEmpty().WithMessage("Escriba dónde estará el kiosco: el IEEQ contrafirma el kiosco con su nombre y su ubicación.")
            .Must(l => (KioskTexts.Tidy(l)?.Length ?? 0) <= 300).WithMessage("La ubicación lleva hasta 300 caracteres.").WithName("ubicación del kiosco")
            .When(c => c.Action == CountersignedAction.RegisterKiosk);
        RuleFor(c => c.KioskId).Empty().WithName("identificador del kiosco").WithMessage("Solo el registro de un kiosco lleva identificador del kiosco.")
            .When(c => c.Action == CountersignedAction.CloseEarly);
        RuleFor(c => c.KioskName).Empty().WithName("nombre del kiosco").WithMessage("Solo el registro de un kiosco lleva nombre del kiosco.")
            .When(c => c.Action == CountersignedAction.CloseEarly);
        RuleFor(c => c.KioskLocation).Empty().WithName("ubicación del kiosco").WithMessage("Solo el registro de un kiosco lleva ubicación del kiosco.")
            .When(c => c.Action == CountersignedAction.CloseEarly);
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba el motivo: el IEEQ lo lee antes de contrafirmar.")
            .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
    }
}

public static class RequestCountersignatureEndpoint
{
    public static Decision Decide(Jornada jornada, RequestCountersignature command, Guid requestId, string by, DateTimeOffset now)
    {
        if (command.Action is not { } action)
            return Rejection.Invalid("validation_failed", "Elija qué necesita la contrafirma: registrar un kiosco o cerrar antes de tiempo.");
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status == JornadaStatus.Preparing)
            return new Rejection("countersignature_not_needed", "No se necesita contrafirma",
                "La votación aún no abre: mientras se prepara la Jornada, el personal registra kioscos sin contrafirma, y una Jornada sin abrir no se cierra.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La votación ya está cerrada; no hay nada que contrafirmar.");
        var kioskId = action == CountersignedAction.RegisterKiosk ? KioskIds.Tidy(command.KioskId) : null;
        if (action == CountersignedAction.CloseEarly && now >= jornada.VotingClosesAt)
            return new Rejection("countersignature_not_needed", "No se necesita contrafirma",
                $"El horario de votación terminó el {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México): el personal cierra sin contrafirma.");
        if (kioskId is not null && jornada.FindKiosk(kioskId) is not null)
            return new Rejection("kiosk_already_registered", "Kiosco ya registrado", $"Ya existe un kiosco «{kioskId}» en esta Jornada.");
        if (jornada.Countersignatures.FirstOrDefault(c => c.Action == action && c.KioskId == kioskId && c.PendingAt(now)) is { } open)
            return new Rejection("countersignature_already_requested", "Ya hay una solicitud",
                $"Ya se pidió la contrafirma para {Countersignatures.Describe(open)} " +
                $"(solicitud {open.RequestId}: {Sentence.Inside(Countersignatures.Label(jornada, open, now))}). " +
                "Si algo de ella cambió, retírela y pida otra.");
        return jornada.Record(new CountersignatureRequested(jornada.Id, requestId, action, kioskId, command.Reason.Trim(), by, now,
            kioskId is null ? null : KioskTexts.Tidy(command.KioskName), kioskId is null ? null : KioskTexts.Tidy(command.KioskLocation)));
    }

    /// <remarks>Exclusive: it runs while ballots are committed (RegisterKioskEndpoint.Post says why).</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CountersignatureView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/jornadas/{jornadaId}/countersignatures", OperationId = "RequestCountersignature")]
    public static (IResult, Events) Post(RequestCountersignature command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var requestId = Guid.CreateVersion7(now);
        return Decide(jornada, command, requestId, user.Actor(), now).Answer(Answers.View<Jornada>(jornada.Id,
            j => CountersignatureView.From(j, j.FindCountersignature(requestId)!, now), $"/api/jornadas/{jornada.Id}/countersignatures"));
    }
}
