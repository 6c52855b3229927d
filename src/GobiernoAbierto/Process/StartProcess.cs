using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Process;

public sealed record StartProcess(string Title, IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias,
    IReadOnlyList<Axis> Axes, IReadOnlyList<CalendarEntry> Calendar);

public sealed class StartProcessValidator : AbstractValidator<StartProcess>
{
    private static readonly Stage[] Planned = Enum.GetValues<Stage>().Where(s => s != Stage.Concluded).ToArray();

    public const string CalendarIncomplete =
        "El calendario lleva una fecha para cada etapa: dos mesas de trabajo, Jornada, convenio y cuatro sesiones del Comité.";

    public StartProcessValidator()
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage("Escriba el título del proceso.")
            .MaximumLength(200).WithMessage("El título del proceso lleva hasta 200 caracteres.").WithName("título");
        RuleFor(c => c.Delegaciones).NotEmpty().WithName("delegaciones").WithMessage("Indique al menos una delegación.");
        RuleFor(c => c.Colonias).NotEmpty().WithName("colonias").WithMessage("Marque al menos una colonia.");
        RuleFor(c => c).Must(c => c.Colonias is null || c.Delegaciones is null || c.Colonias.All(col => c.Delegaciones.Any(d => d.Id == col.DelegacionId)))
            .WithName("colonias").WithMessage("Cada colonia debe pertenecer a una de las delegaciones enviadas (delegacionId).");
        RuleForEach(c => c.Colonias).ChildRules(col => col.RuleFor(x => x.Id).Matches(Slug.Pattern).WithMessage(Slug.Message));
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
        RuleFor(c => c.Calendar).Must(c => c is not null && Planned.All(s => c.Count(e => e.Stage == s) == 1) && c.All(e => e.Stage != Stage.Concluded))
            .WithName("calendario").WithMessage(CalendarIncomplete);
        RuleFor(c => c.Calendar).Must(c => c is null || c.OrderBy(e => e.Stage).Select(e => e.PlannedOn).SequenceEqual(c.OrderBy(e => e.Stage).Select(e => e.PlannedOn).Order()))
            .WithName("calendario").WithMessage("Las fechas del calendario deben seguir el orden de las etapas.");
    }

    private static bool SameAxis(Axis? a, Axis? b) =>
        a is not null && b is not null && (!string.IsNullOrEmpty(a.Id) && a.Id == b.Id
            || Slug.From(a.Name ?? "") is { Length: > 0 } name && name == Slug.From(b.Name ?? ""));
}

public static class StartProcessEndpoint
{
    /// <summary>The event that starts a process's stream (id chosen by the caller: a new one here, a fixed one for the sample data).</summary>
    public static Decision Decide(StartProcess command, Guid id, string by, DateTimeOffset now) =>
        Decision.Accept(new ProcessStarted(id, command.Title.Trim(), command.Delegaciones, command.Colonias, command.Axes,
            command.Calendar.OrderBy(e => e.Stage).ToList(), by, now));

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/processes", OperationId = "StartProcess")]
    public static (IResult, IStartStream?) Post(StartProcess command, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        return Decide(command, id, user.Actor(), now).Start<ParticipationProcess>(id, Answers.View<ProcessTimeline>(id, createdAt: $"/api/processes/{id}"));
    }
}
