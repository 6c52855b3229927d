using GobiernoAbierto.Process;
using Marten.Events.Aggregation;

namespace GobiernoAbierto.WorkProgress;

/// <summary>How far the chosen work is and what it has cost so far (cumulative), with evidence anyone can check.</summary>
public sealed record ReportWorkProgress(DateOnly ReportedOn, int PercentComplete, decimal Spent, IReadOnlyList<Evidence> Evidence, string Notes);

public sealed class ReportWorkProgressValidator : AbstractValidator<ReportWorkProgress>
{
    public const int MaxEvidence = 50;

    public ReportWorkProgressValidator()
    {
        RuleFor(c => c.PercentComplete).InclusiveBetween(0, 100).WithName("avance (%)").WithMessage("El avance es un porcentaje de 0 a 100.");
        RuleFor(c => c.Spent).GreaterThanOrEqualTo(0).WithName("gasto acumulado").WithMessage("El gasto acumulado no puede ser negativo.")
            .LessThan(100_000_000_000).WithMessage("El gasto acumulado debe ser menor que cien mil millones de pesos.")
            .InCentavos("El gasto acumulado");
        RuleFor(c => c.Evidence).NotEmpty().WithName("evidencias").WithMessage("Cada informe lleva al menos una evidencia (huella SHA-256 de un documento o liga pública).")
            .Must(e => e.Count <= MaxEvidence).WithMessage($"Un informe lleva hasta {MaxEvidence} evidencias; junte las demás en un documento y dé su huella.");
        RuleForEach(c => c.Evidence).ChildRules(e =>
        {
            e.RuleFor(x => x.Description).NotEmpty().WithMessage("Describa la evidencia.")
                .MaximumLength(300).WithMessage("La descripción de la evidencia lleva hasta 300 caracteres.").WithName("descripción de la evidencia");
            e.RuleFor(x => x).Must(x => x.Sha256 is not null || x.Url is not null).WithMessage("Indique la huella SHA-256 o la liga de la evidencia.");
            // Read as the convenio's hash is (Audit.NotedHash): spaced in pairs as certutil prints it, quoted, or upper case.
            e.RuleFor(x => x.Sha256).Must(Audit.NotedHash.IsHash).When(x => x.Sha256 is not null).WithMessage("La huella es un SHA-256 de 64 caracteres hexadecimales.")
                .Must(h => !Audit.NotedHash.IsOfAnEmptyFile(h)).WithMessage(Audit.NotedHash.EmptyFileMessage);
            e.RuleFor(x => x.Url).MaximumLength(2000).WithMessage("La liga de la evidencia lleva hasta 2,000 caracteres.");
            e.RuleFor(x => x.Url).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
                .When(x => x.Url is not null).WithMessage("La liga debe ser una dirección https completa.");
        });
        RuleFor(c => c.Notes).MaximumLength(4000).WithName("notas").WithMessage("Las notas llevan hasta 4,000 caracteres.");
    }
}

public static class ReportWorkProgressEndpoint
{
    public static Decision Decide(ParticipationProcess process, ReportWorkProgress command, string by, DateTimeOffset now)
    {
        // Published while the process waits at its Jornada, the work is chosen: what is missing is the stage, not the work.
        if (process is { ChosenWork: null, PublishedWork: { } published })
            return new Rejection("no_chosen_work", "El proceso aún no pasa a la firma de convenio",
                $"El proyecto elegido, «{published.Title}», ya está publicado, y los informes de avance empiezan cuando el proceso pasa a la etapa " +
                $"«{Stage.Convenio.Label()}»; el proceso está en «{process.Stage.Label()}». Páselo de etapa y registre después el informe.");
        if (process.ChosenWork is not { } work)
            return new Rejection("no_chosen_work", "Aún no hay obra elegida",
                $"Los informes de avance empiezan cuando el proyecto elegido está publicado y el proceso pasó a la firma de convenio; el proceso está en «{process.Stage.Label()}».");
        if (command.PercentComplete < process.LastPercentComplete)
            return new Rejection("progress_went_back", "Avance menor al anterior",
                $"El último informe reportó {Percent.Format(process.LastPercentComplete)} de avance; un informe no puede reportar menos.", StatusCodes.Status422UnprocessableEntity);
        if (command.Spent < process.LastSpent)
            return new Rejection("spend_went_back", "Gasto acumulado menor al anterior",
                $"El gasto es acumulado: el último informe reportó {Money.Format(process.LastSpent)}.", StatusCodes.Status422UnprocessableEntity);
        if (process.LastReportedOn is { } last && command.ReportedOn < last)
            return new Rejection("report_out_of_order", "Fecha anterior al último informe", $"El último informe es del {last:dd/MM/yyyy}.", StatusCodes.Status422UnprocessableEntity);
        if (InTheFuture(command.ReportedOn, now) is { } future) return future;
        if (BeforePublication(process, command.ReportedOn) is { } early) return early;
        if (OverBudgetUnexplained(work.Budget, command.Spent, command.Notes) is { } unexplained) return unexplained;
        // The same report sent twice (a retry, two clicks, a script run again) was published twice, and a report is never
        // erased: a report of the last one's day and figures is that one.
        if (process.LastReportedOn == command.ReportedOn && process.LastPercentComplete == command.PercentComplete && process.LastSpent == command.Spent)
            return new Rejection("report_already_recorded", "Ese informe ya está registrado",
                $"El último informe ya es del {command.ReportedOn:dd/MM/yyyy} con {Percent.Format(command.PercentComplete)} de avance y {Money.Format(command.Spent)} gastados. " +
                "Para cambiar sus notas o evidencias, corríjalo en lugar de registrar otro.", StatusCodes.Status409Conflict);
        return Decision.Accept(new WorkProgressReported(process.Id, command.ReportedOn, command.PercentComplete, command.Spent, work.Budget,
            Kept(command.Evidence), (command.Notes ?? "").Trim(), by, now));
    }

    /// <summary>Evidence as it is kept and published: each hash in the one form sha256sum prints (the convenio's too).</summary>
    public static IReadOnlyList<Evidence> Kept(IReadOnlyList<Evidence> evidence) =>
        [.. evidence.Select(e => e with { Sha256 = e.Sha256 is null ? null : Audit.NotedHash.Compact(e.Sha256) })];

    /// <summary>
    /// A report is of work done, so of a day that has come in Querétaro: a date typed a year or a century ahead was taken,
    /// and every real report after it was refused as earlier than it until someone corrected it (an outside tester).
    /// </summary>
    public static Rejection? InTheFuture(DateOnly reportedOn, DateTimeOffset now) =>
        QueretaroTime.Today(now) is var today && reportedOn > today
            ? new Rejection("report_in_the_future", "Fecha de informe futura",
                $"El informe es del {reportedOn:dd/MM/yyyy} y hoy es {today:dd/MM/yyyy} en Querétaro: registre el avance con la fecha en que se constató.",
                StatusCodes.Status422UnprocessableEntity)
            : null;

    /// <summary>
    /// Public works do cost more than estimated (an extension, extra work), so a spend over the budget is recorded, but not
    /// without a word: a report over it says why in its notes, which are published with it (an outside tester recorded
    /// 222,222 % of the budget and nothing anywhere said so).
    /// </summary>
    public static Rejection? OverBudgetUnexplained(decimal budget, decimal spent, string? notes) =>
        budget > 0 && spent > budget && string.IsNullOrWhiteSpace(notes)
            ? new Rejection("over_budget_without_explanation", "Gasto por encima del presupuesto sin explicación",
                $"El gasto acumulado, {Money.Format(spent)}, supera el presupuesto de {Money.Format(budget)} ({Percent.Format(Percent.OfBudget(spent, budget)!.Value)}). " +
                "Si es correcto, explique en las notas del informe por qué (ampliación del contrato, obra adicional…): se publican con él.",
                StatusCodes.Status422UnprocessableEntity)
            : null;

    /// <summary>A report is of the chosen work, so of a day since it was published (a report dated 2000 was published as typed).</summary>
    public static Rejection? BeforePublication(ParticipationProcess process, DateOnly reportedOn) =>
        process.PublishedOn is { } published && reportedOn < published
            ? new Rejection("report_before_publication", "Fecha anterior a la publicación",
                $"El informe es del {reportedOn:dd/MM/yyyy} y la obra se eligió y publicó el {published:dd/MM/yyyy}: registre el avance con la " +
                "fecha en que se constató.", StatusCodes.Status422UnprocessableEntity)
            : null;

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.WorkProgress.ChosenWorkProgress>(StatusCodes.Status200OK)]
    [WolverinePost("/api/processes/{processId}/work-progress", OperationId = "ReportWorkProgress")]
    public static (IResult, Events) Post(ReportWorkProgress command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ChosenWorkProgress>(process.Id));

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.WorkProgress.ChosenWorkProgress>(StatusCodes.Status200OK)]
    [WolverineGet("/api/processes/{processId}/work-progress", OperationId = "GetWorkProgress")]
    public static Task<IResult> Get(Guid processId, IQuerySession session, CancellationToken cancellation) =>
        Answers.ReadAsync<ChosenWorkProgress>(session, processId, StageRules.ProcessNotFound, cancellation);
}

public sealed record ProgressReport(DateOnly ReportedOn, int PercentComplete, decimal Spent, IReadOnlyList<Evidence> Evidence, string Notes, string ReportedBy)
{
    /// <summary>Its place among the process's reports, 1 for the first: what a correction names.</summary>
    public int Number { get; init; }

    /// <summary>Each correction of this report, oldest first, with what the report said before it.</summary>
    public IReadOnlyList<ProgressCorrection> Corrections { get; init; } = [];
}

/// <summary>
/// A correction: why, who and when, and what the report said until then (the Was… fields). EvidenceChanged and
/// NotesChanged say whether the correction changed those, so that pages show the earlier ones only then.
/// </summary>
public sealed record ProgressCorrection(string Reason, string CorrectedBy, DateTimeOffset CorrectedAt,
    DateOnly WasReportedOn, int WasPercentComplete, decimal WasSpent, IReadOnlyList<Evidence> WasEvidence, string WasNotes,
    bool EvidenceChanged, bool NotesChanged);

/// <summary>Is the work the residents chose being built, and at what cost: the latest figures and every report.</summary>
public sealed record ChosenWorkProgress(Guid Id, ChosenWork? Work, int PercentComplete, decimal Spent, decimal? Budget, decimal? SpentOfBudgetPercent,
    IReadOnlyList<ProgressReport> Reports)
{
    private readonly IReadOnlyList<ProgressReport> _reports = Numbered(Reports);

    /// <summary>The share of the budget as the console and the public page both write it (Percent.Format), «33.3 %».</summary>
    public string? SpentOfBudgetLabel => SpentOfBudgetPercent is { } share ? Percent.Format(share) : null;

    /// <summary>
    /// Each report numbered by its place, 1 for the first, however the list was made: also a view stored before reports
    /// had numbers, as it is read (the serializer builds it through the constructor).
    /// </summary>
    public IReadOnlyList<ProgressReport> Reports { get => _reports; init => _reports = Numbered(value); }

    private static IReadOnlyList<ProgressReport> Numbered(IReadOnlyList<ProgressReport> reports) =>
        reports.Where((r, i) => r.Number != i + 1).Any()
            ? reports.Select((r, i) => r.Number == i + 1 ? r : r with { Number = i + 1 }).ToList()
            : reports;
}

public sealed class ChosenWorkProgressProjection : SingleStreamProjection<ChosenWorkProgress, Guid>
{
    public static ChosenWorkProgress Create(ProcessStarted e) => new(e.ProcessId, null, 0, 0, null, null, []);

    // The work is chosen when its result is published (the process's stage moves on later, when staff record it): from
    // then the public page names it, and says no report has come yet, rather than «Aún no hay obra elegida».
    public static ChosenWorkProgress Apply(JornadaResultPublished e, ChosenWorkProgress p) => p with { Work = e.Work, Budget = e.Work.Budget };

    public static ChosenWorkProgress Apply(ChosenWorkConfirmed e, ChosenWorkProgress p) => p with { Work = e.Work, Budget = e.Work.Budget };

    public static ChosenWorkProgress Apply(WorkProgressReported e, ChosenWorkProgress p) => Latest(p with
    {
        Reports = [.. p.Reports, new ProgressReport(e.ReportedOn, e.PercentComplete, e.Spent, e.Evidence, e.Notes, Accounts.Account.PublicName(e.ReportedBy))],
    }, e.Budget);

    public static ChosenWorkProgress Apply(WorkProgressCorrected e, ChosenWorkProgress p) => Latest(p with
    {
        Reports = p.Reports.Select((r, i) => i + 1 != e.Number ? r : r with
        {
            ReportedOn = e.ReportedOn, PercentComplete = e.PercentComplete, Spent = e.Spent, Evidence = e.Evidence, Notes = e.Notes,
            Corrections = [.. r.Corrections, new ProgressCorrection(e.Reason, Accounts.Account.PublicName(e.CorrectedBy), e.CorrectedAt,
                r.ReportedOn, r.PercentComplete, r.Spent, r.Evidence, r.Notes, !ReportWorkProgressEndpoint.Kept(r.Evidence).SequenceEqual(ReportWorkProgressEndpoint.Kept(e.Evidence)), r.Notes != e.Notes)],
        }).ToList(),
    }, e.Budget);

    /// <summary>The headline figures are the last report's, as corrected.</summary>
    private static ChosenWorkProgress Latest(ChosenWorkProgress p, decimal budget) => p with
    {
        PercentComplete = p.Reports[^1].PercentComplete,
        Spent = p.Reports[^1].Spent,
        SpentOfBudgetPercent = Percent.OfBudget(p.Reports[^1].Spent, budget),
    };
}
