using System.Security.Claims;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas.Reading;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Jornadas.Opening;

public static class OpenJornadaEndpoint
{
    public static Decision Decide(Jornada jornada, string by, DateTimeOffset now)
    {
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
        var (jornada, rejection) = await JornadaStream.DecideAsync(session, jornadaId,
            j => Decide(j, user.Actor(), clock.GetUtcNow()), cancellation);
        return rejection is null ? Results.Ok(JornadaDetails.From(jornada!)) : Problems.Result(rejection);
    }
}
