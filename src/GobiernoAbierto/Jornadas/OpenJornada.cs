using GobiernoAbierto.Process;

namespace GobiernoAbierto.Jornadas;

public static class OpenJornadaEndpoint
{
    /// <param name="process">The participation process the Jornada belongs to, when its shortlist created it.</param>
    public static Decision Decide(Jornada jornada, ParticipationProcess? process, string by, DateTimeOffset now) =>
        Blockers(jornada, process, now).FirstOrDefault() is { } notYet ? notYet : jornada.Record(new JornadaOpened(jornada.Id, by, now));

    /// <summary>
    /// Everything that keeps the Jornada from opening now, in the order staff fix them: the API answers the first, the
    /// console's «Abrir la votación» lists them all (one at a time, staff went back and forth).
    /// </summary>
    public static IEnumerable<Rejection> Blockers(Jornada jornada, ParticipationProcess? process, DateTimeOffset now)
    {
        if (process is not null && StageRules.Require(process, "Abrir la votación", Stage.Jornada) is { } wrongStage) yield return wrongStage;
        if (jornada.Status == JornadaStatus.Withdrawn)
        {
            yield return jornada.WithdrawnRefusal();
            yield break;
        }
        if (jornada.Status != JornadaStatus.Preparing)
        {
            yield return new Rejection("jornada_already_opened", "La Jornada ya fue abierta",
                $"La Jornada está «{StatusLabels.For(jornada.Status)}»; solo se abre una vez.");
            yield break;
        }
        if (jornada.Options.Count != 2)
            yield return new Rejection("ballot_incomplete", "Boleta incompleta",
                "Antes de abrir, fije los dos proyectos de obra de la boleta.");
        if (jornada.Online is not null && !(jornada.HasVoterRoll && jornada.VotingCodesIssued))
            yield return new Rejection("online_voting_not_ready", "Falta preparar la votación en línea",
                "Esta Jornada recibe votos en línea: antes de abrirla, el personal carga el padrón y la autoridad de credenciales emite " +
                "los códigos de votación. Sin ellos nadie podría votar en línea con seguridad.");
        if (now >= jornada.VotingClosesAt)
            yield return new Rejection("voting_window_over", "El horario ya terminó",
                $"El horario de votación terminó el {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México); no tiene caso abrirla. {VoteAgain(jornada)}");
        // Online only and its online hours over: its label already reads «No se abrió» (StatusLabels.HoursOver), and once
        // open nobody could vote anyway (it opened, and its label changed back). Not final, unlike the window's end: a
        // kiosk registered makes it vote at kiosks until its window ends, and online hours not printed yet can move.
        else if (StatusLabels.HoursOver(jornada, now))
            yield return new Rejection("voting_window_over", "El horario ya terminó",
                $"Esta Jornada se vota solo en línea (no tiene kioscos) y la votación en línea terminó el {QueretaroTime.Format(jornada.Online!.ClosesAt)} " +
                "(hora del centro de México): abierta, nadie podría votar. " + (jornada.VotingCodesIssued
                    ? $"Sus cartas ya llevan impreso ese horario: para que aún se vote, registre un kiosco (se votaría en él hasta el {QueretaroTime.Format(jornada.VotingClosesAt)}), o retire la Jornada."
                    : "Antes de abrirla, cambie el horario de la votación en línea o registre un kiosco."));
    }

    /// <summary>What staff can do instead, as the Jornada's page offers it (_NewJornada).</summary>
    private static string VoteAgain(Jornada jornada) => jornada.ProcessId is null
        ? "Si la votación todavía debe hacerse, cree una nueva Jornada que la repita (página de la Jornada, «Crear una nueva Jornada…»)."
        : "Si la votación todavía debe hacerse, convoque una nueva Jornada desde su proceso del Plan de Acción («Convocar una nueva Jornada…»).";

    public static async Task<ParticipationProcess?> LoadAsync(Jornada jornada, IQuerySession session, CancellationToken cancellation) =>
        jornada.ProcessId is { } processId ? await session.LoadAsync<ParticipationProcess>(processId, cancellation) : null;

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/open", OperationId = "OpenJornada")]
    public static (IResult, Events) Post([WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada, [NotBody] ParticipationProcess? process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, process, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
