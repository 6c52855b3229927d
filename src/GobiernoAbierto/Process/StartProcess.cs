using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Process;

/// <param name="ProcessId">
/// Optional: the new process's identifier, chosen by the client before it sends (a UUID). The same request sent again
/// (a retry after a lost answer, a form sent twice) then finds the process it started instead of starting another.
/// Without it the service chooses one.
/// </param>
public sealed record StartProcess([property: OneLine] string Title, IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias,
    IReadOnlyList<Axis> Axes, IReadOnlyList<CalendarEntry> Calendar, Guid? ProcessId = null);

public sealed class StartProcessValidator : AbstractValidator<StartProcess>
{
    private static readonly Stage[] Planned = Enum.GetValues<Stage>().Where(s => s != Stage.Concluded).ToArray();

    public const string CalendarIncomplete =
        "El calendario lleva una fecha para cada etapa: dos mesas de trabajo, Jornada, convenio y cuatro sesiones del Comité.";

    public StartProcessValidator()
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage("Escriba el título del proceso.")
            .MaximumLength(200).WithMessage("El título del proceso lleva hasta 200 caracteres.").WithName("título");
        this.AddTerritoryRules(c => c.Delegaciones, c => c.Colonias);
        RuleFor(c => c.Axes).Must(a => a is { Count: 2 }).WithName("ejes").WithMessage("El plan tiene exactamente dos ejes.");
        RuleForEach(c => c.Axes).ChildRules(a =>
        {
            a.RuleFor(x => x.Id).NotEmpty().WithMessage("Falta el identificador del eje.")
                .Matches(Slug.Pattern).WithMessage(Slug.Message).WithName("identificador del eje");
            a.RuleFor(x => x.Name).NotEmpty().WithMessage("Escriba el nombre del eje.")
                .MaximumLength(300).WithMessage("El nombre del eje lleva hasta 300 caracteres.").WithName("nombre del eje");
        });
        RuleFor(c => c.Axes).Custom((axes, context) =>
        {
            // The agenda and the agreements name an axis by its id, and the public reads them by name: the same axis twice
            // would be one axis. Named alike whatever the case, accents or spacing ("Obra pública", " obra  PUBLICA") is the same.
            for (var i = 1; i < (axes?.Count ?? 0); i++)
            {
                var earlier = Enumerable.Range(0, i).FirstOrDefault(j => SameAxis(axes![j], axes[i]), -1);
                if (earlier >= 0)
                    context.AddFailure($"{nameof(StartProcess.Axes)}[{i}]",
                        $"El eje {i + 1} repite el eje {earlier + 1} («{axes![earlier].Name?.Trim()}»): los dos ejes del plan deben ser distintos.");
            }
        });
        // Optional, as the console's form says, and as long as its field takes.
        RuleForEach(c => c.Calendar).ChildRules(e => e.RuleFor(x => x.Objective)
            .MaximumLength(500).WithMessage("El objetivo de una etapa lleva hasta 500 caracteres.").WithName("objetivo"));
        RuleFor(c => c.Calendar).Must(c => c is not null && Planned.All(s => c.Count(e => e.Stage == s) == 1) && c.All(e => e.Stage != Stage.Concluded))
            .WithName("calendario").WithMessage(CalendarIncomplete);
        // Naming the first stage dated before the one it follows: «deben seguir el orden» alone left staff to find which of
        // nine dates it was (an outside tester's).
        RuleFor(c => c.Calendar).Custom((calendar, context) =>
        {
            if (OutOfOrder(calendar) is { } message) context.AddFailure(nameof(StartProcess.Calendar), message);
        });
    }

    /// <summary>
    /// The calendar's dates follow its stages' order (a stage may share its day with the one before): null, or what says
    /// the first stage dated before the one it follows. Also the rule of a re-planned calendar (ReplanCalendar).
    /// </summary>
    public static string? OutOfOrder(IEnumerable<CalendarEntry?>? calendar)
    {
        var ordered = (calendar ?? []).OfType<CalendarEntry>().OrderBy(e => e.Stage).ToList();
        for (var i = 1; i < ordered.Count; i++)
            if (ordered[i].PlannedOn < ordered[i - 1].PlannedOn)
                return "Las fechas del calendario deben seguir el orden de las etapas: " +
                       $"«{ordered[i].Stage.Label()}» ({ordered[i].PlannedOn:dd/MM/yyyy}) va antes que «{ordered[i - 1].Stage.Label()}» " +
                       $"({ordered[i - 1].PlannedOn:dd/MM/yyyy}).";
        return null;
    }

    private static bool SameAxis(Axis? a, Axis? b) =>
        a is not null && b is not null && (!string.IsNullOrEmpty(a.Id) && a.Id == b.Id
            || Slug.From(a.Name ?? "") is { Length: > 0 } name && name == Slug.From(b.Name ?? ""));
}

public static class StartProcessEndpoint
{
    /// <summary>The event that starts a process's stream (id chosen by the caller: a new one here, a fixed one for the sample data).</summary>
    public static Decision Decide(StartProcess command, Guid id, string by, DateTimeOffset now) =>
        Decision.Accept(Started(command, id, by, now));

    private static ProcessStarted Started(StartProcess command, Guid id, string by, DateTimeOffset now) =>
        new(id, command.Title.Trim(), command.Delegaciones, command.Colonias, command.Axes,
            command.Calendar.OrderBy(e => e.Stage).Select(e => e with { Objective = (e.Objective ?? "").Trim() }).ToList(), by, now);

    public const string AlreadyStartedCode = "process_already_started";
    public const string IdReusedCode = "process_id_reused";

    /// <summary>The identifier the client chose already names the process this same request started: it was sent before.</summary>
    public static Rejection AlreadyStarted(ProcessStarted existing) => new(AlreadyStartedCode, "El proceso ya se inició",
        $"Ya existe el proceso «{existing.Title}» con el identificador {existing.ProcessId}: la solicitud ya se había enviado y no se inició otro.");

    /// <summary>
    /// The identifier names a process started with other data: not a retry of the same request, and nothing of what
    /// was sent now is kept (a process's title, territory, axes and calendar are fixed when it starts).
    /// </summary>
    public static Rejection IdReused(ProcessStarted existing) => new(IdReusedCode, "Identificador ya usado con otros datos",
        $"El identificador {existing.ProcessId} ya es del proceso «{existing.Title}», iniciado con otros datos: no se inició otro proceso ni se cambió ese. " +
        "Para iniciar un proceso distinto envíe otro identificador, o ninguno para que el servicio lo elija.");

    public static Rejection IdTaken(Guid processId) => new("process_id_taken", "Identificador ocupado",
        $"El identificador {processId} ya pertenece a otro registro del servicio. Envíe otro, o ninguno para que el servicio lo elija.");

    /// <summary>
    /// With what already stands under the identifier: the start of a process (the same request sent again, or another
    /// with the same identifier), another record, or nothing. Who sent it and when are not compared: a retry is later.
    /// </summary>
    public static Decision Decide(StartProcess command, Guid id, ProcessStarted? existing, bool idTaken, string by, DateTimeOffset now)
    {
        if (existing is not null)
            return SameStart(existing, Started(command, id, by, now)) ? AlreadyStarted(existing) : IdReused(existing);
        return idTaken ? IdTaken(id) : Decide(command, id, by, now);
    }

    /// <summary>Whether two starts say the same process: its title (trimmed), territory, axes and calendar (by stage).</summary>
    public static bool SameStart(ProcessStarted a, ProcessStarted b) =>
        a.ProcessId == b.ProcessId && a.Title == b.Title && a.Delegaciones.SequenceEqual(b.Delegaciones) && a.Colonias.SequenceEqual(b.Colonias)
        && a.Axes.SequenceEqual(b.Axes) && a.Calendar.SequenceEqual(b.Calendar);

    /// <summary>What stands under <paramref name="processId"/>: the event that started a process there, or whether any stream does.</summary>
    /// <remarks>Not LoadAsync: Wolverine runs an endpoint class's Load/LoadAsync before every request as middleware.</remarks>
    public static async Task<(ProcessStarted? Existing, bool Taken)> FindAsync(IQuerySession session, Guid processId, CancellationToken cancellation)
    {
        var first = await session.Events.FetchStreamAsync(processId, version: 1, token: cancellation);
        return first.Count == 0 ? (null, false) : (first[0].Data as ProcessStarted, true);
    }

    /// <summary>Naming the process a refused repeat found (processId), so an API client can go to it without reading the sentence.</summary>
    private static Dictionary<string, object?>? RefusedAbout(Rejection refusal, Guid processId) =>
        refusal.Code is AlreadyStartedCode or IdReusedCode ? new() { ["processId"] = processId } : null;

    /// <remarks>
    /// Sendings of the same identifier at the same moment take turns (ChosenIdentifiers): the second finds what the first
    /// started. Another record's stream created meanwhile without that lock still fails the commit (a 409 like any lost race).
    /// </remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProcessTimeline>(StatusCodes.Status201Created)]
    [WolverinePost("/api/processes", OperationId = "StartProcess")]
    public static async Task<(IResult, IStartStream?)> Post(StartProcess command, IDocumentSession session, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var id = command.ProcessId is { } chosen && chosen != Guid.Empty ? chosen : Guid.CreateVersion7(now);
        if (id == command.ProcessId) await ChosenIdentifiers.HoldAsync(session, id, cancellation);
        var (existing, taken) = id == command.ProcessId ? await FindAsync(session, id, cancellation) : (null, false);
        var decision = Decide(command, id, existing, taken, user.Actor(), now);
        return decision.Rejection is { } refusal
            ? (Problems.Result(refusal, RefusedAbout(refusal, id)), null)
            : decision.Start<ParticipationProcess>(id, Answers.View<ProcessTimeline>(id, createdAt: $"/api/processes/{id}"));
    }
}
