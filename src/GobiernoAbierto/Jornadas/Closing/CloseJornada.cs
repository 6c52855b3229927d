using System.Security.Claims;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas.Reading;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Jornadas.Closing;

/// <summary>
/// Closing stops the vote, mixes what is left in the sealed urn into the chain, and seals it: ballot count, the
/// chain's final hash and the count per option.
/// </summary>
public static class CloseJornadaEndpoint
{
    /// <param name="urn">The ballots still sealed in the urn; they enter the chain, shuffled, before the seal.</param>
    public static Decision Decide(Jornada jornada, string by, DateTimeOffset now, IReadOnlyList<SealedBallot>? urn = null)
    {
        if (jornada.Status == JornadaStatus.Preparing)
            return new Rejection("jornada_not_open", "La Jornada no ha abierto", "Solo se cierra una Jornada abierta.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La Jornada ya está cerrada y sellada.");
        var (mixed, _) = Mixing.Choose(urn ?? [], 0, closing: true);
        var lastMix = Mixing.Chain(jornada, mixed);
        var complete = lastMix.Aggregate(jornada, (j, ballot) => j.Apply(ballot));
        var seal = new JornadaSeal(complete.BallotCount, complete.ChainHead,
            complete.Options.ToDictionary(o => o.Id, o => complete.Counts.GetValueOrDefault(o.Id)));
        return Decision.Accept([.. lastMix, new JornadaClosed(jornada.Id, seal, by, now)]);
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/close", OperationId = "CloseJornada")]
    public static async Task<IResult> Post(Guid jornadaId, IDocumentSession session, SealedUrn urn, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        // Exclusive: waits for a group commit in flight, so the seal covers every acknowledged ballot.
        var stream = await session.Events.FetchForExclusiveWriting<Jornada>(jornadaId, cancellation);
        if (stream.Aggregate is not { } jornada) return Problems.Result(JornadaStream.JornadaNotFound);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var inUrn = await urn.ReadAsync(session.Connection!, schema, jornadaId, cancellation);

        var decision = Decide(jornada, user.Actor(), clock.GetUtcNow(), inUrn);
        if (decision.Rejection is { } rejection) return Problems.Result(rejection);
        stream.AppendMany(decision.Events);
        await SealedUrn.RemoveAsync(session.Connection!, schema, jornadaId, inUrn.Select(b => b.Id).ToList());
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(JornadaDetails.From((await session.LoadAsync<Jornada>(jornadaId, cancellation))!, clock.GetUtcNow()));
    }
}
