using System.Security.Claims;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas.Reading;
using GobiernoAbierto.Process;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Jornadas.Opening;

public static class OpenJornadaEndpoint
{
    /// <param name="process">The participation process the Jornada belongs to, when it came from a shortlist.</param>
    public static Decision Decide(Jornada jornada, ParticipationProcess? process, string by, DateTimeOffset now)
    {
        if (process is not null && StageRules.Require(process, "Abrir la votación", Stage.Jornada) is { } wrongStage) return wrongStage;
        if (jornada.Status != JornadaStatus.Preparing)
            return new Rejection("jornada_already_opened", "La Jornada ya fue abierta",
                $"La Jornada está «{StatusLabels.For(jornada.Status)}»; solo se abre una vez.");
        if (jornada.Options.Count != 2)
            return new Rejection("ballot_incomplete", "Boleta incompleta",
                "Antes de abrir, fije los dos proyectos de obra de la boleta.");
        if (now >= jornada.VotingClosesAt)
            return new Rejection("voting_window_over", "El horario ya terminó",
                $"El horario de votación terminó el {Ballots.BallotRules.Format(jornada.VotingClosesAt)}; no tiene caso abrirla.");
        return Decision.Accept(new JornadaOpened(jornada.Id, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/open", OperationId = "OpenJornada")]
    public static async Task<IResult> Post(Guid jornadaId, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        var current = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        var process = current?.ProcessId is { } processId ? await session.LoadAsync<ParticipationProcess>(processId, cancellation) : null;
        return await JornadaStream.DecideAndShowAsync(session, jornadaId,
            j => Decide(j, process, user.Actor(), clock.GetUtcNow()), clock, cancellation);
    }
}
