namespace GobiernoAbierto.Process;

/// <summary>
/// New dates (and objectives) for stages the process has not reached yet: after a certified tie, a Jornada without
/// ballots or one whose period lapsed unopened, the Jornada, the convenio and the committee's sessions no longer fall on
/// the days the calendar set when the process started. Calendar: only the stages that change (each with its date and
/// objective as they should read); the others keep theirs. Reason: why the dates moved, published with them.
/// </summary>
public sealed record ReplanCalendar(IReadOnlyList<CalendarEntry> Calendar, string Reason);

public sealed class ReplanCalendarValidator : AbstractValidator<ReplanCalendar>
{
    public const string ReasonMissing = "Explique por qué cambian las fechas: el motivo se publica junto con el calendario.";

    public ReplanCalendarValidator()
    {
        RuleFor(c => c.Calendar).Must(c => c is { Count: > 0 }).WithName("calendario")
            .WithMessage("Indique al menos una etapa con su nueva fecha.");
        RuleForEach(c => c.Calendar).ChildRules(e =>
        {
            e.RuleFor(x => x.Stage).NotEqual(Stage.Concluded).WithName("etapa")
                .WithMessage($"«{Stage.Concluded.Label()}» no lleva fecha en el calendario.");
            e.RuleFor(x => x.Objective).MaximumLength(500).WithMessage("El objetivo de una etapa lleva hasta 500 caracteres.").WithName("objetivo");
        });
        RuleFor(c => c.Calendar).Custom((calendar, context) =>
        {
            if ((calendar ?? []).OfType<CalendarEntry>().GroupBy(e => e.Stage).FirstOrDefault(g => g.Count() > 1) is { } twice)
                context.AddFailure(nameof(ReplanCalendar.Calendar), $"«{twice.Key.Label()}» viene dos veces: indique una sola fecha por etapa.");
        });
        RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithName("motivo").WithMessage(ReasonMissing)
            .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.");
    }
}

/// <summary>
/// On the process's stream: the stages re-planned as they read now (Calendar) and as they read before (Previous), why, who
/// and when. Nothing is overwritten: the start's calendar and every earlier re-planning stay in the stream.
/// </summary>
public sealed record CalendarReplanned(Guid ProcessId, IReadOnlyList<CalendarEntry> Calendar, IReadOnlyList<CalendarEntry> Previous,
    string Reason, string ReplannedBy, DateTimeOffset ReplannedAt);

public static class ReplanCalendarEndpoint
{
    public const string StageReachedCode = "calendar_stage_reached";
    public const string OutOfOrderCode = "calendar_out_of_order";
    public const string InThePastCode = "calendar_date_in_the_past";
    public const string UnchangedCode = "calendar_unchanged";
    public const string NothingToReplanCode = "calendar_nothing_to_replan";
    public const string JornadaCalledCode = "calendar_jornada_called";

    /// <summary>
    /// Only the stages after the current one change: a stage reached already happened on its day (the timeline says when
    /// it began). The calendar as it would read keeps its order (StartProcess's rule, reached stages included), and no stage
    /// still to come is left on a day that has passed in Querétaro, re-planned or not: that is what residents were misled by.
    /// </summary>
    public static Decision Decide(ParticipationProcess process, ReplanCalendar command, string by, DateTimeOffset now)
    {
        if (!process.Calendar.Any(e => Replannable(process, e.Stage)))
            return new Rejection(NothingToReplanCode, "No quedan etapas por programar",
                $"El proceso «{process.Title}» está en la etapa «{process.Stage.Label()}» y ya no quedan etapas por venir con fecha en el calendario.");
        if (command.Calendar.FirstOrDefault(e => e.Stage <= process.Stage) is { } reached)
            return new Rejection(StageReachedCode, "Etapa ya iniciada",
                $"«{reached.Stage.Label()}» ya {(reached.Stage == process.Stage ? "es la etapa actual" : "concluyó")}: su fecha queda como estaba. " +
                $"Solo se reprograman las etapas que siguen a «{process.Stage.Label()}».");
        // Called with the shortlist, the Jornada has its own voting hours, which the public page shows beside the stage's
        // date: a new date here would contradict them, and nothing moves them.
        if (command.Calendar.Any(e => e.Stage == Stage.Jornada) && !Replannable(process, Stage.Jornada))
            return new Rejection(JornadaCalledCode, "La Jornada ya está convocada",
                "La Jornada de Participación de este proceso ya se convocó con su horario de votación, que la página pública muestra: " +
                "su fecha no se reprograma. Reprograme solo las etapas que la siguen.");

        // Objectives compare as the form shows them: a calendar started without them holds none, the form sends "".
        var changed = command.Calendar.Select(e => e with { Objective = (e.Objective ?? "").Trim() })
            .Where(e => process.Planned(e.Stage) is not { } was || was.PlannedOn != e.PlannedOn || (was.Objective ?? "").Trim() != e.Objective)
            .OrderBy(e => e.Stage).ToList();
        if (changed.Count == 0)
            return new Rejection(UnchangedCode, "El calendario no cambia",
                "Las etapas enviadas ya tienen esas fechas y objetivos (quizá la reprogramación ya se había enviado): no se registró nada.");

        var calendar = process.Calendar.Select(e => changed.FirstOrDefault(c => c.Stage == e.Stage) ?? e).ToList();
        var today = QueretaroTime.Today(now);
        if (calendar.FirstOrDefault(e => Replannable(process, e.Stage) && e.PlannedOn < today) is { } past)
            return new Rejection(InThePastCode, "Fecha que ya pasó",
                (changed.Any(c => c.Stage == past.Stage)
                    ? $"La nueva fecha de «{past.Stage.Label()}» ({past.PlannedOn:dd/MM/yyyy}) ya pasó"
                    : $"«{past.Stage.Label()}» se quedaría con la fecha {past.PlannedOn:dd/MM/yyyy}, que ya pasó; indique también su nueva fecha") +
                $": las etapas por venir se programan de hoy ({today:dd/MM/yyyy}, hora del centro de México) en adelante.",
                StatusCodes.Status422UnprocessableEntity);
        if (StartProcessValidator.OutOfOrder(calendar) is { } order)
            return new Rejection(OutOfOrderCode, "Fechas fuera de orden", order, StatusCodes.Status422UnprocessableEntity);

        return Decision.Accept(new CalendarReplanned(process.Id, changed,
            changed.Select(c => process.Planned(c.Stage)).OfType<CalendarEntry>().ToList(), command.Reason.Trim(), by, now));
    }

    /// <summary>A stage still to come whose date the calendar may move: not the Jornada once it is called (its hours stand).</summary>
    public static bool Replannable(ParticipationProcess process, Stage stage) =>
        stage > process.Stage && !(stage == Stage.Jornada && process.JornadaId is not null);

    /// <summary>The field of the console's form a refusal is about (the calendar's, for every one of its own rules).</summary>
    public static string? FieldOf(string? code) =>
        code is StageReachedCode or OutOfOrderCode or InThePastCode or UnchangedCode or JornadaCalledCode ? "Replan.Calendar" : null;

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProcessTimeline>(StatusCodes.Status200OK)]
    [WolverinePost("/api/processes/{processId}/calendar", OperationId = "ReplanCalendar")]
    public static (IResult, Events) Post(ReplanCalendar command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ProcessTimeline>(process.Id));
}
