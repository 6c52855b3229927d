using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Process;

// The Plan de Acción Municipal as one participation process: its territory, its two axes, its calendar of stages,
// and what happened at each stage. One stream per process; work tables and proposals have streams of their own and
// carry the ProcessId.

/// <summary>The stages of the plan, in the only order they can happen (shared/seed calendar).</summary>
public enum Stage
{
    FirstWorkTable,
    SecondWorkTable,
    Jornada,
    Convenio,
    FirstCommitteeSession,
    SecondCommitteeSession,
    ThirdCommitteeSession,
    FourthCommitteeSession,
    Concluded,
}

public static class Stages
{
    public static string Label(this Stage stage) => stage switch
    {
        Stage.FirstWorkTable => "Primera mesa de trabajo",
        Stage.SecondWorkTable => "Segunda mesa de trabajo",
        Stage.Jornada => "Jornada de Participación",
        Stage.Convenio => "Firma de convenio",
        Stage.FirstCommitteeSession => "Primera sesión ordinaria del Comité de Gobierno Abierto",
        Stage.SecondCommitteeSession => "Segunda sesión ordinaria del Comité de Gobierno Abierto",
        Stage.ThirdCommitteeSession => "Tercera sesión ordinaria del Comité de Gobierno Abierto",
        Stage.FourthCommitteeSession => "Cuarta sesión ordinaria del Comité de Gobierno Abierto",
        Stage.Concluded => "Proceso concluido",
        _ => stage.ToString(),
    };

    /// <summary>The committee session (1-4) a stage is for, or null.</summary>
    public static int? SessionNumber(this Stage stage) =>
        stage is >= Stage.FirstCommitteeSession and <= Stage.FourthCommitteeSession ? stage - Stage.FirstCommitteeSession + 1 : null;

    public static Stage SessionStage(int number) => Stage.FirstCommitteeSession + (number - 1);

    /// <summary>"Primera sesión ordinaria", for session 1 to 4.</summary>
    public static string SessionName(int number) => SessionStage(number).Label().Replace(" del Comité de Gobierno Abierto", "");
}

/// <summary>One of the plan's two axes ("ejes").</summary>
public sealed record Axis(string Id, [property: OneLine] string Name);

/// <summary>A stage on the calendar with its planned date and what it is for.</summary>
public sealed record CalendarEntry(Stage Stage, DateOnly PlannedOn, string Objective);

public sealed record ChosenWork(Guid JornadaId, string OptionId, Guid? ProposalId, string Title, decimal Budget);

public enum AgreementStatus { Pending, InProgress, Done, Cancelled }

public static class AgreementStatuses
{
    public static string Label(this AgreementStatus status) => status switch
    {
        AgreementStatus.Pending => "Pendiente",
        AgreementStatus.InProgress => "En proceso",
        AgreementStatus.Done => "Cumplido",
        _ => "Cancelado",
    };
}

public sealed record Agreement(string Id, int Session, string Text, string AxisId, string Responsible, DateOnly? DueOn, AgreementStatus Status);

public sealed record ProcessStarted(Guid ProcessId, string Title, IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias,
    IReadOnlyList<Axis> Axes, IReadOnlyList<CalendarEntry> Calendar, string StartedBy, DateTimeOffset StartedAt);

public sealed record StageAdvanced(Guid ProcessId, Stage From, Stage To, string AdvancedBy, DateTimeOffset AdvancedAt);

/// <summary>The two proposals that go to the vote, the rule that chose them and the ranking it looked at.</summary>
public sealed record ShortlistChosen(Guid ProcessId, Guid JornadaId, IReadOnlyList<Guid> ProposalIds, string Rule,
    IReadOnlyList<RankedProposal> Ranking, string ChosenBy, DateTimeOffset ChosenAt);

public sealed record RankedProposal(Guid ProposalId, string Title, int Endorsements, bool Viable, decimal? CostEstimate, DateTimeOffset SubmittedAt);

/// <summary>
/// On the process's stream when staff publish the chosen project of the process's Jornada (after the IEEQ certified
/// its tally): the process knows what its residents chose without reading the Jornada.
/// NotChosen: the other option's proposal (null in events written before it was recorded).
/// </summary>
public sealed record JornadaResultPublished(Guid ProcessId, ChosenWork Work, string PublishedBy, DateTimeOffset PublishedAt,
    IReadOnlyList<Guid>? NotChosen = null)
{
    /// <summary>The proposals whose public status the result settles: the winner's and the other one's.</summary>
    public IReadOnlyList<Guid> Proposals() => Work.ProposalId is { } id ? [id, .. NotChosen ?? []] : NotChosen ?? [];
}

/// <summary>Recorded when the process leaves the Jornada stage: the work the residents chose, as published.</summary>
public sealed record ChosenWorkConfirmed(Guid ProcessId, ChosenWork Work, string ConfirmedBy, DateTimeOffset ConfirmedAt);

public sealed record ConvenioParty([property: OneLine] string Name, [property: OneLine] string Role);

public sealed record ConvenioSigned(Guid ProcessId, DateOnly SignedOn, IReadOnlyList<ConvenioParty> Parties, string DocumentTitle,
    string DocumentSha256, string? DocumentUrl, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record SessionMember([property: OneLine] string Role, [property: OneLine] string Name);

public sealed record AgendaItem(string AxisId, string Topic);

public sealed record AgreementUpdate(string AgreementId, AgreementStatus Status, string Note);

public sealed record CommitteeSessionHeld(Guid ProcessId, int Number, DateOnly HeldOn, IReadOnlyList<SessionMember> Members,
    IReadOnlyList<string> InvitedOrganisations, IReadOnlyList<AgendaItem> Agenda, string Minutes,
    IReadOnlyList<Agreement> NewAgreements, IReadOnlyList<AgreementUpdate> AgreementUpdates, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Evidence of progress: a document's SHA-256 or a public link.</summary>
public sealed record Evidence(string Description, string? Sha256, string? Url);

public sealed record WorkProgressReported(Guid ProcessId, DateOnly ReportedOn, int PercentComplete, decimal Spent, decimal Budget,
    IReadOnlyList<Evidence> Evidence, string Notes, string ReportedBy, DateTimeOffset ReportedAt);

/// <summary>
/// Report Number (1 is the first) now says this instead, for Reason; what it said before stays in the stream and in the
/// history. Latest: it is the process's last report, whose figures the next report must reach.
/// </summary>
public sealed record WorkProgressCorrected(Guid ProcessId, int Number, bool Latest, DateOnly ReportedOn, int PercentComplete, decimal Spent, decimal Budget,
    IReadOnlyList<Evidence> Evidence, string Notes, string Reason, string CorrectedBy, DateTimeOffset CorrectedAt);

/// <summary>The write model of a process: what its rules need.</summary>
public sealed record ParticipationProcess
{
    public Guid Id { get; init; }
    public int Version { get; init; }
    public string Title { get; init; } = "";
    public Territory.Territory Territory { get; init; } = new([], []);
    public IReadOnlyList<Axis> Axes { get; init; } = [];
    public IReadOnlyList<CalendarEntry> Calendar { get; init; } = [];
    public Stage Stage { get; init; }
    public Guid? JornadaId { get; init; }
    /// <summary>Jornadas the process left behind because they ended tied or without ballots, oldest first.</summary>
    public IReadOnlyList<Guid> EarlierJornadaIds { get; init; } = [];
    public ChosenWork? PublishedWork { get; init; }
    /// <summary>
    /// The day (in Querétaro) the chosen work was published: what follows it (the convenio, progress reports) is not dated
    /// before it. Null in a snapshot written before it was kept, until `projections rebuild`.
    /// </summary>
    public DateOnly? PublishedOn { get; init; }
    public ChosenWork? ChosenWork { get; init; }
    public bool ConvenioSigned { get; init; }
    /// <summary>The convenio's date, and the last session's: a session is not dated before either.</summary>
    public DateOnly? ConvenioSignedOn { get; init; }
    public int SessionsHeld { get; init; }
    public DateOnly? LastSessionHeldOn { get; init; }
    public IReadOnlyList<Agreement> Agreements { get; init; } = [];
    public int LastPercentComplete { get; init; }
    public decimal LastSpent { get; init; }
    public DateOnly? LastReportedOn { get; init; }

    public CalendarEntry? Planned(Stage stage) => Calendar.FirstOrDefault(c => c.Stage == stage);

    public static ParticipationProcess Create(ProcessStarted e) => new()
    {
        Id = e.ProcessId,
        Title = e.Title,
        Territory = new Territory.Territory(e.Delegaciones, e.Colonias),
        Axes = e.Axes,
        Calendar = e.Calendar,
        Stage = Stage.FirstWorkTable,
    };

    public ParticipationProcess Apply(StageAdvanced e) => this with { Stage = e.To };
    public ParticipationProcess Apply(CalendarReplanned e) => this with { Calendar = Replanned(Calendar, e) };

    /// <summary>The calendar with the stages <paramref name="e"/> re-planned as they read now.</summary>
    public static IReadOnlyList<CalendarEntry> Replanned(IReadOnlyList<CalendarEntry> calendar, CalendarReplanned e) =>
        calendar.Select(c => e.Calendar.FirstOrDefault(n => n.Stage == c.Stage) ?? c).ToList();
    public ParticipationProcess Apply(ShortlistChosen e) => this with { JornadaId = e.JornadaId };
    public ParticipationProcess Apply(NewJornadaCalled e) => this with { JornadaId = e.JornadaId, EarlierJornadaIds = [.. EarlierJornadaIds, e.EarlierJornadaId] };
    public ParticipationProcess Apply(JornadaResultPublished e) => this with { PublishedWork = e.Work, PublishedOn = QueretaroTime.Today(e.PublishedAt) };
    public ParticipationProcess Apply(ChosenWorkConfirmed e) => this with { ChosenWork = e.Work };
    public ParticipationProcess Apply(ConvenioSigned e) => this with { ConvenioSigned = true, ConvenioSignedOn = e.SignedOn };

    public ParticipationProcess Apply(CommitteeSessionHeld e)
    {
        var updates = e.AgreementUpdates.ToDictionary(u => u.AgreementId);
        var agreements = Agreements
            .Select(a => updates.TryGetValue(a.Id, out var u) ? a with { Status = u.Status } : a)
            .Concat(e.NewAgreements)
            .ToList();
        return this with { SessionsHeld = e.Number, LastSessionHeldOn = e.HeldOn, Agreements = agreements };
    }

    public ParticipationProcess Apply(WorkProgressReported e) => this with
    {
        LastPercentComplete = e.PercentComplete,
        LastSpent = e.Spent,
        LastReportedOn = e.ReportedOn,
    };

    public ParticipationProcess Apply(WorkProgressCorrected e) => !e.Latest ? this : this with
    {
        LastPercentComplete = e.PercentComplete,
        LastSpent = e.Spent,
        LastReportedOn = e.ReportedOn,
    };
}
