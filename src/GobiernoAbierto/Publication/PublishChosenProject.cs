using System.Security.Claims;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Jornadas.Reading;
using GobiernoAbierto.Tally;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Publication;

public static class PublishChosenProjectEndpoint
{
    public static Decision Decide(Jornada jornada, string by, DateTimeOffset now)
    {
        if (jornada.Status == JornadaStatus.Published)
            return new Rejection("already_published", "Ya publicado", "El proyecto ganador de esta Jornada ya fue publicado.");
        if (jornada.Status != JornadaStatus.Certified)
            return new Rejection("tally_not_certified", "Falta la certificación del IEEQ",
                $"El proyecto elegido se publica solo después de que el IEEQ certifique el cómputo sellado; la Jornada está «{StatusLabels.For(jornada.Status)}».");
        var outcome = Outcome.From(jornada.Seal!.Counts);
        return outcome.Kind switch
        {
            OutcomeKind.Tie => new Rejection("tally_tied", "Empate",
                "Los dos proyectos obtuvieron los mismos votos. El servicio no rompe empates: corresponde convocar una nueva Jornada."),
            OutcomeKind.NoBallots => new Rejection("no_ballots", "Sin votos", "La Jornada cerró sin votos; no hay proyecto que publicar."),
            _ => Decision.Accept(new ChosenProjectPublished(jornada.Id, outcome.WinnerOptionId!,
                jornada.FindOption(outcome.WinnerOptionId)!.Title, by, now)),
        };
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/publication", OperationId = "PublishChosenProject")]
    public static async Task<IResult> Post(Guid jornadaId, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        return await JornadaStream.DecideAndShowAsync(session, jornadaId,
            j => Decide(j, user.Actor(), clock.GetUtcNow()), clock, cancellation);
    }
}
