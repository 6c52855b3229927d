using GobiernoAbierto.Process;

namespace GobiernoAbierto.WorkProgress;

/// <summary>
/// A progress report says something else: a mistyped figure, a wrong date, an evidence link that moved. The report shows
/// the corrected figures from then on, and what it said before, who corrected it, when and why stay published with it.
/// </summary>
public sealed record CorrectWorkProgress(ReportWorkProgress Corrected, string Reason);

public sealed class CorrectWorkProgressValidator : AbstractValidator<CorrectWorkProgress>
{
    public CorrectWorkProgressValidator()
    {
        RuleFor(c => c.Corrected).NotNull().WithName("informe corregido").WithMessage("Envíe el informe como debe quedar («corrected»).")
            .SetValidator(new ReportWorkProgressValidator());
        RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithName("motivo")
            .WithMessage("Explique el motivo de la corrección: se publica junto con lo que decía el informe.")
            .MaximumLength(1000).WithMessage("El motivo lleva hasta 1,000 caracteres.");
    }
}

/// <summary>What a progress report says now (as corrected, if it was).</summary>
public sealed record RecordedReport(DateOnly ReportedOn, int PercentComplete, decimal Spent, IReadOnlyList<Evidence> Evidence, string Notes)
{
    public bool SaysTheSame(RecordedReport other) =>
        (ReportedOn, PercentComplete, Spent, Notes) == (other.ReportedOn, other.PercentComplete, other.Spent, other.Notes)
        // A hash kept as typed before it was kept in one form (ABAB… for abab…) is the same evidence.
        && ReportWorkProgressEndpoint.Kept(Evidence).SequenceEqual(ReportWorkProgressEndpoint.Kept(other.Evidence));

    /// <summary>
    /// The process's reports as they read now, from its events. Folded when a correction is decided (rare) rather than
    /// kept in the process's snapshot, so that reports recorded before corrections existed are numbered like any other.
    /// </summary>
    public static IReadOnlyList<RecordedReport> From(IEnumerable<object> events)
    {
        var reports = new List<RecordedReport>();
        foreach (var e in events)
        {
            if (e is WorkProgressReported r) reports.Add(new(r.ReportedOn, r.PercentComplete, r.Spent, r.Evidence, r.Notes));
            else if (e is WorkProgressCorrected c) reports[c.Number - 1] = new(c.ReportedOn, c.PercentComplete, c.Spent, c.Evidence, c.Notes);
        }
        return reports;
    }
}

public static class CorrectWorkProgressEndpoint
{
    /// <summary>
    /// Report <paramref name="number"/> (1 is the first) as corrected. The figures between reports keep the rules a new
    /// report keeps: the corrected one stays at or above the report before it and at or below the one after it.
    /// </summary>
    public static Decision Decide(ParticipationProcess process, IReadOnlyList<RecordedReport> reports, int number, CorrectWorkProgress command,
        string by, DateTimeOffset now)
    {
        if (number < 1 || number > reports.Count)
            return new Rejection("progress_report_not_found", "No existe ese informe de avance",
                reports.Count == 0 ? "Este proceso aún no tiene informes de avance."
                    : $"Los informes de avance de este proceso van del 1 al {reports.Count}.", StatusCodes.Status404NotFound);
        var corrected = command.Corrected with { Notes = (command.Corrected.Notes ?? "").Trim(), Evidence = ReportWorkProgressEndpoint.Kept(command.Corrected.Evidence) };
        if (number > 1 && reports[number - 2] is var before)
        {
            if (corrected.PercentComplete < before.PercentComplete)
                return Out("progress_went_back", "Avance menor al del informe anterior", $"El informe {number - 1} reportó {Percent.Format(before.PercentComplete)} de avance; el informe {number} no puede reportar menos.");
            if (corrected.Spent < before.Spent)
                return Out("spend_went_back", "Gasto acumulado menor al del informe anterior", $"El gasto es acumulado: el informe {number - 1} reportó {Money.Format(before.Spent)}.");
            if (corrected.ReportedOn < before.ReportedOn)
                return Out("report_out_of_order", "Fecha anterior a la del informe anterior", $"El informe {number - 1} es del {before.ReportedOn:dd/MM/yyyy}.");
        }
        if (number < reports.Count && reports[number] is var after)
        {
            if (corrected.PercentComplete > after.PercentComplete)
                return Out("progress_past_next_report", "Avance mayor al del informe siguiente",
                    $"El informe {number + 1} reportó {Percent.Format(after.PercentComplete)} de avance; el informe {number} no puede reportar más. Corrija primero el informe {number + 1} si también está mal.");
            if (corrected.Spent > after.Spent)
                return Out("spend_past_next_report", "Gasto acumulado mayor al del informe siguiente",
                    $"El gasto es acumulado: el informe {number + 1} reportó {Money.Format(after.Spent)}. Corrija primero el informe {number + 1} si también está mal.");
            if (corrected.ReportedOn > after.ReportedOn)
                return Out("report_out_of_order", "Fecha posterior a la del informe siguiente", $"El informe {number + 1} es del {after.ReportedOn:dd/MM/yyyy}.");
        }
        if (ReportWorkProgressEndpoint.InTheFuture(corrected.ReportedOn, now) is { } future) return future;
        if (ReportWorkProgressEndpoint.BeforePublication(process, corrected.ReportedOn) is { } early) return early;
        if (process.ChosenWork is { } work && ReportWorkProgressEndpoint.OverBudgetUnexplained(work.Budget, corrected.Spent, corrected.Notes) is { } unexplained)
            return unexplained;
        // A correction sent twice (a retry, a second click) is refused rather than published twice.
        if (reports[number - 1].SaysTheSame(new RecordedReport(corrected.ReportedOn, corrected.PercentComplete, corrected.Spent, corrected.Evidence, corrected.Notes)))
            return Out("correction_changes_nothing", "La corrección no cambia nada", $"El informe {number} ya dice exactamente eso.");
        return Decision.Accept(new WorkProgressCorrected(process.Id, number, number == reports.Count, corrected.ReportedOn, corrected.PercentComplete,
            corrected.Spent, process.ChosenWork!.Budget, corrected.Evidence, corrected.Notes, command.Reason.Trim(), by, now));

        static Rejection Out(string code, string title, string detail) => new(code, title, detail, StatusCodes.Status422UnprocessableEntity);
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.WorkProgress.ChosenWorkProgress>(StatusCodes.Status200OK)]
    [WolverinePost("/api/processes/{processId}/work-progress/{number}/corrections", OperationId = "CorrectWorkProgress")]
    public static async Task<(IResult, Events)> Post(CorrectWorkProgress command, int number,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation) =>
        Decide(process, await ReportsAsync(session, process.Id, cancellation), number, command, user.Actor(), clock.GetUtcNow())
            .Answer(Answers.View<ChosenWorkProgress>(process.Id));

    /// <summary>The reports as they read now, read in the transaction that holds the process's lock.</summary>
    public static async Task<IReadOnlyList<RecordedReport>> ReportsAsync(IDocumentSession session, Guid processId, CancellationToken cancellation) =>
        RecordedReport.From((await session.Events.FetchStreamAsync(processId, token: cancellation)).Select(e => e.Data));
}
