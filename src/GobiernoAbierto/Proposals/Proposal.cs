namespace GobiernoAbierto.Proposals;

// A proposal of public work (obra social) submitted at a work table and deliberated there. Every step is an event
// on the proposal's own stream (endorsements are recorded on its table's); every write here takes the process lock
// (Process.ProcessLock), because each one feeds the process's ranking or a proposal's public page.

public enum WorkCategory { Paving, Lighting, PublicSpace, WaterAndDrainage, Mobility, CommunityFacility, Other }

public enum Stance { For, Against }

public enum ProposalStatus { Deliberating, Withdrawn, Merged }

public enum Verdict { Viable, NotViable }

/// <summary>One dimension of a feasibility study: viable or not, and why.</summary>
public sealed record Assessment(bool Viable, string Notes);

public sealed record FeasibilityStudy(Assessment Technical, Assessment Legal, Assessment Budget, decimal CostEstimate, Verdict Verdict,
    string Reasons, string StudiedBy, DateTimeOffset StudiedAt);

public sealed record ProposalSubmitted(Guid ProposalId, Guid ProcessId, Guid TableId, int TableNumber, Guid ParticipantId, string Title,
    string Description, string ColoniaId, WorkCategory Category, decimal RoughCost, string RecordedBy, DateTimeOffset SubmittedAt);

public sealed record ArgumentRecorded(Guid ProposalId, Guid ProcessId, Guid ParticipantId, Stance Stance, string Text, string RecordedBy, DateTimeOffset At);

public sealed record CommentRecorded(Guid ProposalId, Guid ProcessId, Guid ParticipantId, string Text, string RecordedBy, DateTimeOffset At);

public sealed record ProposalWithdrawn(Guid ProposalId, Guid ProcessId, Guid ParticipantId, string Reason, string RecordedBy, DateTimeOffset At);

/// <summary>On the duplicate's stream: it now lives on as part of IntoProposalId.</summary>
public sealed record ProposalMerged(Guid ProposalId, Guid ProcessId, Guid IntoProposalId, string Reason, string MergedBy, DateTimeOffset At);

/// <summary>On the surviving proposal's stream: it absorbed a duplicate, whose endorsers now count for it.</summary>
public sealed record DuplicateAbsorbed(Guid ProposalId, Guid ProcessId, Guid DuplicateId, string DuplicateTitle, IReadOnlyList<Guid> DuplicateEndorsers,
    string MergedBy, DateTimeOffset At);

public sealed record FeasibilityStudyRecorded(Guid ProposalId, Guid ProcessId, FeasibilityStudy Study);

/// <summary>
/// A participant backs a proposal of their table: the table's prioritisation rule (README). On the table's stream, but
/// what a participant backs is read from ProcessRanking, which also knows about withdrawals and merges.
/// </summary>
public sealed record ProposalEndorsed(Guid TableId, Guid ProcessId, Guid ProposalId, Guid ParticipantId, string RecordedBy, DateTimeOffset EndorsedAt);

/// <summary>On the table's stream: an endorsement recorded by mistake, taken back; the participant may give it again.</summary>
public sealed record EndorsementVoided(Guid TableId, Guid ProcessId, Guid ProposalId, Guid ParticipantId, string Reason, string VoidedBy,
    DateTimeOffset At);

public sealed record Proposal
{
    public const string NotFoundMessage = "No existe una propuesta con ese identificador.";
    public static readonly Rejection NotFound = Rejection.NotFound("una propuesta con ese identificador");

    public static Rejection Inactive(Proposal p) => new("proposal_inactive", "Propuesta retirada o fusionada",
        $"La propuesta «{p.Title}» ya no está en deliberación.");

    public static Rejection NotSeated(WorkTables.WorkTable table) => new("not_seated", "No integra la mesa",
        $"Esa persona no integra la mesa {table.Number}; solo sus integrantes presentan y deliberan sus propuestas.",
        StatusCodes.Status422UnprocessableEntity);

    public Guid Id { get; init; }
    public int Version { get; init; }
    public Guid ProcessId { get; init; }
    public Guid TableId { get; init; }
    public int TableNumber { get; init; }
    public Guid AuthorId { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string ColoniaId { get; init; } = "";
    public WorkCategory Category { get; init; }
    public decimal RoughCost { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public ProposalStatus Status { get; init; }
    public Guid? MergedInto { get; init; }
    public FeasibilityStudy? Feasibility { get; init; }

    public bool IsActive => Status == ProposalStatus.Deliberating;
    public bool IsViable => IsActive && Feasibility?.Verdict == Verdict.Viable;

    public static Proposal Create(ProposalSubmitted e) => new()
    {
        Id = e.ProposalId, ProcessId = e.ProcessId, TableId = e.TableId, TableNumber = e.TableNumber, AuthorId = e.ParticipantId,
        Title = e.Title, Description = e.Description, ColoniaId = e.ColoniaId, Category = e.Category, RoughCost = e.RoughCost,
        SubmittedAt = e.SubmittedAt,
    };

    public Proposal Apply(ProposalWithdrawn _) => this with { Status = ProposalStatus.Withdrawn };
    public Proposal Apply(ProposalMerged e) => this with { Status = ProposalStatus.Merged, MergedInto = e.IntoProposalId };
    public Proposal Apply(FeasibilityStudyRecorded e) => this with { Feasibility = e.Study };
}

public static class Verdicts
{
    public static string Label(this Verdict verdict) => verdict == Verdict.Viable ? "Viable" : "No viable";
}

public static class Stances
{
    public static string Label(this Stance stance) => stance == Stance.For ? "A favor" : "En contra";
}

public static class WorkCategories
{
    public static string Label(this WorkCategory category) => category switch
    {
        WorkCategory.Paving => "Pavimentación",
        WorkCategory.Lighting => "Alumbrado público",
        WorkCategory.PublicSpace => "Espacio público y áreas verdes",
        WorkCategory.WaterAndDrainage => "Agua potable y drenaje",
        WorkCategory.Mobility => "Movilidad y banquetas",
        WorkCategory.CommunityFacility => "Equipamiento comunitario",
        _ => "Otra",
    };
}
