using FluentValidation;

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
    public static Decision Decide(Jornada jornada, EnableOnlineVoting command, string by, DateTimeOffset now)
    {
        if (jornada.Status != JornadaStatus.Preparing)
            return new Rejection("jornada_already_opened", "La votación ya abrió", "Los canales de votación se fijan antes de abrir la votación.");
        if (command.ClosesAt > jornada.VotingClosesAt)
            return Rejection.Invalid("online_window_after_jornada",
                $"La votación en línea debe terminar a más tardar cuando cierran los kioscos ({QueretaroTime.Format(jornada.VotingClosesAt)}).");
        return jornada.Record(new OnlineChannelEnabled(jornada.Id, command.OpensAt, command.ClosesAt, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePut("/api/jornadas/{jornadaId}/online-voting", OperationId = "EnableOnlineVoting")]
    public static (IResult, Events) Put(EnableOnlineVoting command, [WriteAggregate(MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, command, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
