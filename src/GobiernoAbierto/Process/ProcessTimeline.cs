
namespace GobiernoAbierto.Process;

public enum StageStatus { Done, Current, Upcoming }

public static class StageStatuses
{
    public static string Label(this StageStatus status) => status switch
    {
        StageStatus.Done => "Concluida",
        StageStatus.Current => "Etapa actual",
        _ => "Próxima",
    };
}

/// <param name="PreviouslyPlannedOn">The date the calendar gave before its last re-planning moved this stage's; null while never moved.</param>
public sealed record TimelineStage(Stage Stage, string Label, DateOnly? PlannedOn, string? Objective, StageStatus Status, DateTimeOffset? ReachedAt,
    DateOnly? PreviouslyPlannedOn = null);

/// <summary>A stage as a re-planning of the calendar left it, and as it read before.</summary>
public sealed record ReplannedStage(Stage Stage, string Label, DateOnly PlannedOn, string Objective, DateOnly? WasPlannedOn, string? WasObjective);

/// <summary>
/// When the calendar was re-planned, why, by whom (as public pages name people) and what each re-planned stage said before:
/// public, so residents see why a date they read moved.
/// </summary>
public sealed record CalendarReplan(DateTimeOffset ReplannedAt, string Reason, string ReplannedBy, IReadOnlyList<ReplannedStage> Stages);

public sealed record ShortlistSummary(Guid JornadaId, IReadOnlyList<Guid> ProposalIds, string Rule, DateTimeOffset ChosenAt);

/// <summary>A Jornada the process left behind, why ("tally_tied", "no_ballots", "window_lapsed"), and the Jornada called after it.</summary>
public sealed record EarlierJornada(Guid JornadaId, string Outcome, string OutcomeLabel, DateTimeOffset NewJornadaCalledAt, Guid NewJornadaId);

/// <summary>The process as the public follows it: every stage with its planned date, which are done, which is current.</summary>
public sealed record ProcessTimeline
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public IReadOnlyList<Axis> Axes { get; init; } = [];
    public int Delegaciones { get; init; }
    public int Colonias { get; init; }
    public IReadOnlyList<Territory.Delegacion> DelegacionList { get; init; } = [];
    public IReadOnlyList<Territory.Colonia> ColoniaList { get; init; } = [];
    public Stage CurrentStage { get; init; }
    public string CurrentStageLabel { get; init; } = "";
    public IReadOnlyList<TimelineStage> Stages { get; init; } = [];
    /// <summary>JornadaId is the Jornada the process follows now: the shortlist's, or the last one called after a tie.</summary>
    public ShortlistSummary? Shortlist { get; init; }
    public IReadOnlyList<EarlierJornada> EarlierJornadas { get; init; } = [];
    public ChosenWork? ChosenWork { get; init; }
    public ConvenioSigned? Convenio { get; init; }
    public int CommitteeSessionsHeld { get; init; }
    /// <summary>Every re-planning of the calendar, oldest first; the stages show the dates as they read now.</summary>
    public IReadOnlyList<CalendarReplan> CalendarReplans { get; init; } = [];

    public static ProcessTimeline Create(ProcessStarted e) => new ProcessTimeline
    {
        Id = e.ProcessId,
        Title = e.Title,
        Axes = e.Axes,
        Delegaciones = e.Delegaciones.Count,
        Colonias = e.Colonias.Count,
        DelegacionList = e.Delegaciones,
        ColoniaList = e.Colonias,
        Stages = Enum.GetValues<Stage>().Select(s =>
        {
            var planned = e.Calendar.FirstOrDefault(c => c.Stage == s);
            return new TimelineStage(s, s.Label(), planned?.PlannedOn, planned?.Objective, StageStatus.Upcoming, null);
        }).ToList(),
    }.At(Stage.FirstWorkTable, e.StartedAt);

    public ProcessTimeline Apply(StageAdvanced e) => At(e.To, e.AdvancedAt);

    public ProcessTimeline Apply(CalendarReplanned e) => this with
    {
        Stages = Stages.Select(s => e.Calendar.FirstOrDefault(c => c.Stage == s.Stage) is { } now
            ? s with { PlannedOn = now.PlannedOn, Objective = now.Objective, PreviouslyPlannedOn = now.PlannedOn == s.PlannedOn ? s.PreviouslyPlannedOn : s.PlannedOn }
            : s).ToList(),
        CalendarReplans = [.. CalendarReplans, new(e.ReplannedAt, e.Reason, Accounts.Account.PublicName(e.ReplannedBy), e.Calendar.Select(c =>
        {
            var was = e.Previous.FirstOrDefault(p => p.Stage == c.Stage);
            return new ReplannedStage(c.Stage, c.Stage.Label(), c.PlannedOn, c.Objective, was?.PlannedOn, was?.Objective);
        }).ToList())],
    };
    public ProcessTimeline Apply(ShortlistChosen e) => this with { Shortlist = new(e.JornadaId, e.ProposalIds, e.Rule, e.ChosenAt) };
    public ProcessTimeline Apply(NewJornadaCalled e) => this with
    {
        Shortlist = Shortlist! with { JornadaId = e.JornadaId },
        EarlierJornadas = [.. EarlierJornadas, new(e.EarlierJornadaId, e.EarlierOutcome, CallNewJornadaEndpoint.OutcomeLabel(e.EarlierOutcome), e.CalledAt, e.JornadaId)],
    };

    // Named from its publication, as the work's progress is (ChosenWorkProgress): until staff advanced the stage the page
    // said «Obra elegida» at the top and showed none in the Jornada's section (an outside tester's).
    public ProcessTimeline Apply(JornadaResultPublished e) => this with { ChosenWork = e.Work };
    public ProcessTimeline Apply(ChosenWorkConfirmed e) => this with { ChosenWork = e.Work };
    // Public: a console account's user name (what its sign-in asks for) stays out of it, as in the tally and work progress.
    public ProcessTimeline Apply(ConvenioSigned e) => this with { Convenio = e with { RecordedBy = Accounts.Account.PublicName(e.RecordedBy) } };
    public ProcessTimeline Apply(CommitteeSessionHeld e) => this with { CommitteeSessionsHeld = e.Number };

    private ProcessTimeline At(Stage current, DateTimeOffset reachedAt) => this with
    {
        CurrentStage = current,
        CurrentStageLabel = current.Label(),
        Stages = Stages.Select(s => s with
        {
            Status = s.Stage < current ? StageStatus.Done : s.Stage == current ? StageStatus.Current : StageStatus.Upcoming,
            ReachedAt = s.Stage == current ? reachedAt : s.ReachedAt,
        }).ToList(),
    };
}

public sealed record ProcessSummary(Guid Id, string Title, Stage CurrentStage, string CurrentStageLabel);

public static class ProcessReadEndpoints
{
    [AllowAnonymous]
    [WolverineGet("/api/processes", OperationId = "ListProcesses")]
    public static async Task<IReadOnlyList<ProcessSummary>> List(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<ProcessTimeline>().ToListAsync(cancellation)).OrderBy(p => p.Title, Sentence.Alphabetical)
        .Select(p => new ProcessSummary(p.Id, p.Title, p.CurrentStage, p.CurrentStageLabel)).ToList();

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Process.ProcessTimeline>(StatusCodes.Status200OK)]
    [WolverineGet("/api/processes/{processId}", OperationId = "GetProcessTimeline")]
    public static Task<IResult> Get(Guid processId, IQuerySession session, CancellationToken cancellation) =>
        Answers.ReadAsync<ProcessTimeline>(session, processId, StageRules.ProcessNotFound, cancellation);
}
