namespace GobiernoAbierto.Jornadas;

/// <summary>Why staff withdraw a Jornada before it opens (created by mistake, not to be held): its page and record say it.</summary>
public sealed record WithdrawJornada(string Reason);

public sealed class WithdrawJornadaValidator : AbstractValidator<WithdrawJornada>
{
    public WithdrawJornadaValidator() => RuleFor(c => c.Reason).NotEmpty()
        .WithMessage("Escriba por qué se retira la Jornada: queda en su registro y en su página pública.")
        .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.").WithName("motivo");
}

public static class WithdrawJornadaEndpoint
{
    /// <summary>
    /// Only before the opening: after it, residents may have voted, and a Jornada ends by its close and seal. A process's
    /// Jornada is the process's step (its shortlist created it, a tie calls the next): withdrawing it would strand the process.
    /// </summary>
    public static Decision Decide(Jornada jornada, WithdrawJornada command, string by, DateTimeOffset now) => jornada switch
    {
        { Status: JornadaStatus.Withdrawn } => AlreadyWithdrawn(jornada),
        { ProcessId: not null } => OfAProcess,
        { Status: not JornadaStatus.Preparing } => AlreadyOpened(jornada),
        _ => jornada.Record(new JornadaWithdrawn(jornada.Id, command.Reason.Trim(), by, now)),
    };

    public static readonly Rejection OfAProcess = new("jornada_of_process", "La Jornada es de un proceso",
        "Esta Jornada la creó la segunda mesa de trabajo de un proceso del Plan de Acción y no se retira sola: sus fechas y su " +
        "boleta se atienden desde la página del proceso.");

    public static Rejection AlreadyOpened(Jornada jornada) => new("jornada_already_opened", "La votación ya se abrió",
        $"La Jornada está «{StatusLabels.For(jornada.Status)}»: una Jornada se retira solo antes de abrir la votación. Una votación abierta " +
        "termina con su cierre y sello.");

    /// <summary>A colleague withdrew it first, or the same request was sent again: who, when and why.</summary>
    public static Rejection AlreadyWithdrawn(Jornada jornada) => new("jornada_already_withdrawn", "La Jornada ya se retiró",
        $"«{jornada.Title}» ya se había retirado" + (jornada.WithdrawnBy is { } by ? $": la retiró {by}" : "") +
        (jornada.WithdrawnAt is { } at ? $" el {QueretaroTime.Format(at)} (hora del centro de México)" : "") +
        (string.IsNullOrWhiteSpace(jornada.WithdrawalReason) ? "." : $". Motivo: {Sentence.Quoted(jornada.WithdrawalReason)}"));

    /// <remarks>Exclusive, as every command on a Jornada: a kiosk registered at the same moment lands before or after, never beside it.</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/withdraw", OperationId = "WithdrawJornada")]
    public static (IResult, Events) Post(WithdrawJornada command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, command, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
