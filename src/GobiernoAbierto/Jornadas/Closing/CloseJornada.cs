using System.Security.Claims;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas.Reading;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Jornadas.Closing;

/// <summary>Closing stops the vote and seals it: ballot count, the chain's final hash and the count per option.</summary>
public static class CloseJornadaEndpoint
{
    public static Decision Decide(Jornada jornada, string by, DateTimeOffset now)
    {
        if (jornada.Status == JornadaStatus.Preparing)
            return new Rejection("jornada_not_open", "La Jornada no ha abierto", "Solo se cierra una Jornada abierta.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La Jornada ya está cerrada y sellada.");
        var seal = new JornadaSeal(jornada.BallotCount, jornada.ChainHead,
            jornada.Options.ToDictionary(o => o.Id, o => jornada.Counts.GetValueOrDefault(o.Id)));
        return Decision.Accept(new JornadaClosed(jornada.Id, seal, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/close", OperationId = "CloseJornada")]
    public static async Task<IResult> Post(Guid jornadaId, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        // Exclusive: waits for a group commit in flight, so the seal covers every acknowledged ballot.
        return await JornadaStream.DecideAndShowAsync(session, jornadaId,
            j => Decide(j, user.Actor(), clock.GetUtcNow()), clock, cancellation, exclusive: true);
    }
}
