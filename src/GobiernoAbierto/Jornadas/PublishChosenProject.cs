using GobiernoAbierto.Process;

namespace GobiernoAbierto.Jornadas;

public static class PublishChosenProjectEndpoint
{
    public static readonly Rejection AlreadyPublished = new("already_published", "Ya publicado", "El proyecto ganador de esta Jornada ya fue publicado.");

    public static Decision Decide(Jornada jornada, string by, DateTimeOffset now)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status == JornadaStatus.Published) return AlreadyPublished;
        if (jornada.Status != JornadaStatus.Certified)
            return new Rejection("tally_not_certified", "Falta la certificación del IEEQ",
                $"El proyecto elegido se publica solo después de que el IEEQ certifique el cómputo sellado; la Jornada está «{StatusLabels.For(jornada.Status)}».");
        var outcome = Outcome.From(jornada.Seal!.Counts);
        return NothingToPublish(outcome) ?? Published(jornada, jornada.FindOption(outcome.WinnerOptionId)!, by, now);
    }

    /// <summary>Why a sealed Jornada has no project to publish (a tie, no ballots); null when it has a winner.</summary>
    public static Rejection? NothingToPublish(Outcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Tie => new Rejection("tally_tied", "Empate",
            "Los dos proyectos obtuvieron los mismos votos, así que ninguno resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio."),
        OutcomeKind.NoBallots => new Rejection("no_ballots", "Sin votos", "La Jornada cerró sin votos, así que ningún proyecto resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio."),
        _ => null,
    };

    /// <summary>A process's Jornada tells its process too (the other stream): the process then knows the chosen work.</summary>
    private static Decision Published(Jornada jornada, BallotOption winner, string by, DateTimeOffset now)
    {
        var published = jornada.Record(new ChosenProjectPublished(jornada.Id, winner.Id, winner.Title, by, now));
        return jornada.ProcessId is { } processId
            ? published.AndOnOtherStream(new JornadaResultPublished(processId,
                new ChosenWork(jornada.Id, winner.Id, winner.ProposalId, winner.Title, winner.EstimatedCost), by, now,
                [.. jornada.Options.Where(o => o.Id != winner.Id && o.ProposalId is not null).Select(o => o.ProposalId!.Value)]))
            : published;
    }

    /// <summary>Nothing is published while the service's own verification finds an alteration (Audit.VerifiedFirst).</summary>
    public static async Task<IResult> ValidateAsync(Guid jornadaId, IDocumentStore store, Npgsql.NpgsqlDataSource database,
        Ballots.VotingTables tables, CancellationToken cancellation) =>
        await Audit.VerifiedFirst.RefusalAsync(store, database, tables, jornadaId, "publicó", cancellation) is { } refusal
            ? Problems.Result(refusal)
            : Wolverine.Http.WolverineContinue.Result();

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/publication", OperationId = "PublishChosenProject")]
    public static (IResult, Events) Post([WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var decision = Decide(jornada, user.Actor(), clock.GetUtcNow());
        if (decision.OtherStream.Count > 0) session.Events.Append(jornada.ProcessId!.Value, [.. decision.OtherStream]);
        return decision.Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
    }
}
