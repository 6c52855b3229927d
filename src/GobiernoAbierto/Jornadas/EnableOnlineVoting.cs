
namespace GobiernoAbierto.Jornadas;

/// <summary>Residents may also vote online, with their clave de elector and the voting code of their letter, in this window.</summary>
public sealed record EnableOnlineVoting(DateTimeOffset OpensAt, DateTimeOffset ClosesAt);

public sealed class EnableOnlineVotingValidator : AbstractValidator<EnableOnlineVoting>
{
    public EnableOnlineVotingValidator()
    {
        RuleFor(c => c.ClosesAt).GreaterThan(c => c.OpensAt).WithMessage("El cierre de la votación en línea debe ser posterior a su apertura.");
        RuleFor(c => c.ClosesAt - c.OpensAt).LessThanOrEqualTo(TimeSpan.FromDays(31))
            .WithName("duración").WithMessage("La votación en línea dura a lo más 31 días.");
    }
}

public static class EnableOnlineVotingEndpoint
{
    /// <remarks>
    /// The window can change until the codes are issued: their letters print it («Cuándo votar en línea»), and the codes
    /// are issued only before it opens (IssueVotingCodesEndpoint), so a window that opened without codes is changed, not
    /// waited out. An opening already past is refused: it could never get its codes, and the Jornada could not open.
    /// The window it already has is no change, before the opening too (codes issued, its opening past): a PUT sent again
    /// records nothing (it added a fact each time).
    /// </remarks>
    public static Decision Decide(Jornada jornada, EnableOnlineVoting command, string by, DateTimeOffset now)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status != JornadaStatus.Preparing)
            return new Rejection("jornada_already_opened", "La votación ya abrió", "Los canales de votación se fijan antes de abrir la votación.");
        if (jornada.Online == new OnlineWindow(command.OpensAt, command.ClosesAt)) return Decision.Accept();
        if (jornada.VotingCodesIssued)
            return new Rejection("online_window_on_letters", "Horario ya impreso en las cartas",
                "La autoridad de credenciales ya emitió los códigos, y sus cartas llevan impreso este horario de la votación en línea: ya no cambia.");
        if (command.OpensAt <= now)
            return Rejection.Invalid("online_window_started",
                $"La votación en línea debe abrir más tarde que ahora ({QueretaroTime.Format(now)}, hora del centro de México): antes de que abra, la autoridad de " +
                "credenciales emite los códigos y se entregan las cartas.");
        if (command.ClosesAt > jornada.VotingClosesAt)
            return Rejection.Invalid("online_window_after_jornada",
                $"La votación en línea debe terminar a más tardar cuando cierran los kioscos ({QueretaroTime.Format(jornada.VotingClosesAt)}, hora del centro de México).");
        return jornada.Record(new OnlineChannelEnabled(jornada.Id, command.OpensAt, command.ClosesAt, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePut("/api/jornadas/{jornadaId}/online-voting", OperationId = "EnableOnlineVoting")]
    public static (IResult, Events) Put(EnableOnlineVoting command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, command, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
