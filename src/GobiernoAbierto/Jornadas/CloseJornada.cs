using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// Closing stops the vote, mixes what is left in the sealed urn into the chain, and seals it: ballot count, the
/// chain's final hash, the count per option and the turnout. Before the voting window ends it needs the IEEQ's
/// countersignature (Countersignatures.cs): residents may still be on their way.
/// </summary>
public static class CloseJornadaEndpoint
{
    /// <param name="urn">The ballots still sealed in the urn; they enter the chain, shuffled, before the seal.</param>
    public static Decision Decide(Jornada jornada, string by, DateTimeOffset now, IReadOnlyList<SealedBallot>? urn = null)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status == JornadaStatus.Preparing)
            return new Rejection("jornada_not_open", "La Jornada no ha abierto", "Solo se cierra una Jornada abierta.");
        if (jornada.Status != JornadaStatus.Open)
            return new Rejection("jornada_closed", "La Jornada ya cerró", "La Jornada ya está cerrada y sellada.");
        Guid? countersignature = null;
        if (now < jornada.VotingClosesAt)
        {
            if (jornada.GrantFor(CountersignedAction.CloseEarly, now) is not { } grant)
                return Countersignatures.Required(jornada, CountersignedAction.CloseEarly, now);
            countersignature = grant.RequestId;
        }
        var (mixed, _) = Mixing.Choose(urn ?? [], 0, closing: true);
        var lastMix = Mixing.Chain(jornada.Id, jornada.BallotCount, jornada.ChainHead, mixed);
        var complete = lastMix.Aggregate(jornada, (j, ballot) => j.Apply(ballot));
        var seal = new JornadaSeal(complete.BallotCount, complete.ChainHead,
            complete.Options.ToDictionary(o => o.Id, o => complete.Counts.GetValueOrDefault(o.Id)));
        var turnout = new TurnoutTotals(Sorted(jornada.TurnoutByColonia), Sorted(jornada.TurnoutByDelegacion));
        return jornada.Record([.. lastMix, new JornadaClosed(jornada.Id, seal, by, now, turnout, countersignature)]);
    }

    private static SortedDictionary<string, long> Sorted(IReadOnlyDictionary<string, long> counts) => new(counts.ToDictionary(), StringComparer.Ordinal);

    /// <remarks>Exclusive: waits for a group commit in flight, so the seal covers every acknowledged ballot.</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/close", OperationId = "CloseJornada")]
    public static async Task<(IResult, Events)> Post(
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        IDocumentSession session, SealedUrn urn, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        var decision = await DecideWithUrnAsync(jornada, session, urn, user.Actor(), clock.GetUtcNow(), cancellation);
        return decision.Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
    }

    /// <summary>
    /// The close inside the session that holds the Jornada's lock (the endpoint's and the console's): the urn's ballots
    /// are read, decided on, and removed from the urn in the same transaction the events are appended in.
    /// </summary>
    public static async Task<Decision> DecideWithUrnAsync(Jornada jornada, IDocumentSession session, SealedUrn urn, string by, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var inUrn = await urn.ReadAsync(session.Connection!, jornada.Id, cancellation);
        var decision = Decide(jornada, by, now, inUrn);
        if (decision.Accepted)
        {
            await urn.EmptyAsync(session.Connection!, jornada.Id);
            // Recorded before the commit: a close that then fails to commit shows one mix too many.
            if (inUrn.Count > 0) VotingMetrics.Mixed(jornada.Id, "close");
            VotingMetrics.UrnClosed(jornada.Id);
        }
        return decision;
    }
}
