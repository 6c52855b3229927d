using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Process;

public sealed record AdvanceStage(Stage To);

public sealed class AdvanceStageValidator : AbstractValidator<AdvanceStage>
{
    public AdvanceStageValidator() => RuleFor(c => c.To).IsInEnum().WithName("etapa")
        .WithMessage($"La etapa es una de: {string.Join(", ", Enum.GetValues<Stage>().Select(s => $"«{s.Label()}»"))}.");
}

/// <summary>
/// Stages advance one at a time, and only once what the stage is for has happened: two proposals in deliberation before
/// the second table (proposals are presented only at the first, and the second chooses two of them), the shortlist before
/// the Jornada, the published winner before the convenio, the convenio before the committee, each session before the next.
/// </summary>
public static class AdvanceStageEndpoint
{
    public const string ProposalsMissing = "proposals_missing";
    public const string ChosenProjectNotPublished = "chosen_project_not_published";

    /// <param name="nothingChosen">
    /// Why the process's Jornada can no longer choose a project (CallNewJornadaEndpoint.WhyVoteAgain: a certified tie, no
    /// ballots, never opened), when it is so: the refusal then says that a new Jornada is called, not that the project is
    /// still to be published (there is none to publish).
    /// </param>
    public static Decision Decide(ParticipationProcess process, ProcessRanking ranking, Stage to, string by, DateTimeOffset now,
        Rejection? nothingChosen = null)
    {
        if (process.Stage == Stage.Concluded)
            return new Rejection("process_concluded", "Proceso concluido", $"El proceso «{process.Title}» ya concluyó.");
        var next = process.Stage + 1;
        // The same advance sent twice (a double click, a retry after a lost answer): said as done, not as out of order.
        if (to == process.Stage)
            return new Rejection("stage_already_reached", "El proceso ya está en esa etapa",
                $"El proceso ya está en «{process.Stage.Label()}»: ese paso ya se registró; la siguiente etapa es «{next.Label()}».");
        if (to != next)
            return new Rejection("stage_out_of_order", "Etapa fuera de orden",
                $"El proceso está en «{process.Stage.Label()}»; la siguiente etapa es «{next.Label()}», no «{to.Label()}».");

        var advanced = new StageAdvanced(process.Id, process.Stage, to, by, now);
        switch (process.Stage)
        {
            // Past the first table no proposal can be presented any more: with fewer than two the second table would have
            // nothing to choose the Jornada's two from, and the process could never go on (an outside tester's got stuck so).
            case Stage.FirstWorkTable when ranking.Ranked().Count is var deliberating && deliberating < 2:
                return new Rejection(ProposalsMissing, "Faltan propuestas",
                    $"Para pasar a la segunda mesa hacen falta al menos dos propuestas en deliberación, y {(deliberating == 0 ? "no hay ninguna" : "hay una")}: " +
                    "las propuestas solo se presentan en la primera mesa, y en la segunda se eligen dos de ellas para la Jornada. " +
                    "Convoque las mesas, integre a sus participantes y registre sus propuestas antes de pasar de etapa.");
            case Stage.SecondWorkTable when process.JornadaId is null:
                return new Rejection("shortlist_missing", "Faltan las dos propuestas finalistas", "Antes de la Jornada, la segunda mesa elige las dos propuestas que se votarán.");
            case Stage.Jornada when process.PublishedWork is null && nothingChosen is not null:
                return new Rejection(ChosenProjectNotPublished, "La Jornada no eligió proyecto",
                    $"{nothingChosen.Detail} El convenio se firma para el proyecto que elija esa nueva Jornada, una vez publicado.");
            case Stage.Jornada when process.PublishedWork is null:
                return new Rejection(ChosenProjectNotPublished, "Falta publicar el proyecto elegido",
                    "El convenio se firma después de que el IEEQ certifica el cómputo y el personal municipal publica el proyecto elegido.");
            case Stage.Jornada:
                return Decision.Accept(advanced, new ChosenWorkConfirmed(process.Id, process.PublishedWork, by, now));
            case Stage.Convenio when !process.ConvenioSigned:
                return new Rejection("convenio_not_signed", "Falta el convenio", "Registre la firma del convenio antes de pasar a las sesiones del Comité.");
            case >= Stage.FirstCommitteeSession when process.SessionsHeld < process.Stage.SessionNumber():
                return new Rejection("session_not_held", "Falta la sesión", $"Falta registrar la {Sentence.Inside(process.Stage.Label())}: la registra la Secretaría Técnica del Comité desde su consola, y después se pasa a la etapa siguiente.");
        }
        return Decision.Accept(advanced);
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Process.ProcessTimeline>(StatusCodes.Status200OK)]
    [WolverinePost("/api/processes/{processId}/stage", OperationId = "AdvanceStage")]
    public static async Task<(IResult, Events)> Post(AdvanceStage command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        ProcessRanking ranking, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation) =>
        Decide(process, ranking, command.To, user.Actor(), clock.GetUtcNow(), await NothingChosenAsync(process, session, clock.GetUtcNow(), cancellation))
            .Answer(Answers.View<ProcessTimeline>(process.Id));

    /// <summary>
    /// Why the process's Jornada can no longer choose a project, while the process waits at its Jornada with nothing
    /// published; else null. Only the refusal's words depend on it, so it is read outside the process's lock.
    /// </summary>
    public static async Task<Rejection?> NothingChosenAsync(ParticipationProcess process, IQuerySession session, DateTimeOffset now,
        CancellationToken cancellation) =>
        process is { Stage: Stage.Jornada, PublishedWork: null } && await CallNewJornadaEndpoint.LoadAsync(process, session, cancellation) is { } jornada
            ? CallNewJornadaEndpoint.WhyVoteAgain(jornada, now)
            : null;

    /// <summary>The proposals in deliberation, read under the process's lock, which presenting a proposal takes too.</summary>
    public static async Task<ProcessRanking> LoadAsync(ParticipationProcess process, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? new ProcessRanking(process.Id, []);
}
