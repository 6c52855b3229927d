using System.Text.Json.Serialization;
using GobiernoAbierto.Process;
using Marten.Events.Projections;

namespace GobiernoAbierto.Proposals;

public enum PublicStatus { Deliberating, Withdrawn, Merged, Viable, NotViable, Shortlisted, Chosen, NotChosen }

public static class PublicStatuses
{
    public static string Label(this PublicStatus status) => status switch
    {
        PublicStatus.Deliberating => "En deliberación",
        PublicStatus.Withdrawn => "Retirada",
        PublicStatus.Merged => "Fusionada con otra propuesta",
        PublicStatus.Viable => "Viable",
        PublicStatus.NotViable => "No viable",
        PublicStatus.Shortlisted => "Se vota en la Jornada",
        PublicStatus.NotChosen => "No elegida en la Jornada",
        _ => "Elegida en la Jornada",
    };
}

/// <summary>What each entry of a proposal's timeline is (TimelineEntry.Kind), and its name.</summary>
public static class TimelineKinds
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["submitted"] = "Presentada", ["argument"] = "Argumento", ["comment"] = "Comentario", ["endorsed"] = "Respaldo", ["endorsement_voided"] = "Respaldo anulado",
        ["withdrawn"] = "Retirada", ["merged"] = "Fusionada", ["absorbed"] = "Fusión", ["feasibility"] = "Factibilidad",
        ["shortlisted"] = "Finalista", ["new_jornada"] = "Nueva Jornada", ["chosen"] = "Elegida", ["not_chosen"] = "No elegida",
    };

    /// <summary>The entry as one line: its kind's name, unless its text already starts with it («Comentario: …»).</summary>
    public static string Line(TimelineEntry entry)
    {
        var label = Labels.GetValueOrDefault(entry.Kind) ?? entry.Kind;
        return entry.Text.StartsWith(label, StringComparison.Ordinal) ? entry.Text : $"{label}: {entry.Text}";
    }
}

public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text);

public sealed record DeliberationArgument(Stance Stance, string Text, DateTimeOffset At);

/// <summary>
/// A proposal as the public reads it: status, deliberation summary, feasibility verdict and its whole history.
/// Participants appear by table, never by name.
/// </summary>
public sealed record ProposalDetails
{
    public Guid Id { get; init; }
    public Guid ProcessId { get; init; }
    public int TableNumber { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string ColoniaId { get; init; } = "";
    public WorkCategory Category { get; init; }
    public string CategoryLabel { get; init; } = "";
    public decimal RoughCost { get; init; }
    public PublicStatus Status { get; init; }
    public Guid? MergedInto { get; init; }
    public IReadOnlyList<Guid> AbsorbedDuplicates { get; init; } = [];
    /// <summary>Distinct participants backing it, including those of duplicates it absorbed (as the ranking counts).</summary>
    public int Endorsements { get; init; }

    /// <summary>
    /// Who backs it, by participant id: staff only. A public answer leaves it out (ForThePublic), since at a table where a
    /// colonia has one participant (proceso.html counts them by colonia) the id would tie that person to what they backed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Guid>? Endorsers { get; init; } = [];
    public IReadOnlyList<DeliberationArgument> Arguments { get; init; } = [];
    public int ArgumentsFor { get; init; }
    public int ArgumentsAgainst { get; init; }
    public int Comments { get; init; }
    public FeasibilityStudy? Feasibility { get; init; }
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    public ProposalDetails With(DateTimeOffset at, string kind, string text) => this with { Timeline = [.. Timeline, new TimelineEntry(at, kind, text)] };

    public ProposalDetails BackedBy(IEnumerable<Guid> endorsers)
    {
        var distinct = endorsers.Distinct().ToList();
        return this with { Endorsers = distinct, Endorsements = distinct.Count };
    }

    /// <summary>The proposal as anyone may read it: the count of its endorsements, not who they are.</summary>
    public ProposalDetails ForThePublic() => this with { Endorsers = null };
}

public sealed class ProposalDetailsProjection : MultiStreamProjection<ProposalDetails, Guid>
{
    public ProposalDetailsProjection()
    {
        Identity<ProposalSubmitted>(e => e.ProposalId);
        Identity<ArgumentRecorded>(e => e.ProposalId);
        Identity<CommentRecorded>(e => e.ProposalId);
        Identity<ProposalWithdrawn>(e => e.ProposalId);
        Identity<ProposalMerged>(e => e.ProposalId);
        Identity<DuplicateAbsorbed>(e => e.ProposalId);
        Identity<FeasibilityStudyRecorded>(e => e.ProposalId);
        Identity<ProposalEndorsed>(e => e.ProposalId);
        Identity<EndorsementVoided>(e => e.ProposalId);
        Identities<ShortlistChosen>(e => e.ProposalIds.ToList());
        Identities<NewJornadaCalled>(e => e.ProposalIds.ToList());
        Identities<JornadaResultPublished>(e => [.. e.Proposals()]);
        Identities<ChosenWorkConfirmed>(e => e.Work.ProposalId is { } id ? [id] : []);
    }

    public static ProposalDetails Create(ProposalSubmitted e) => new ProposalDetails
    {
        Id = e.ProposalId, ProcessId = e.ProcessId, TableNumber = e.TableNumber, Title = e.Title, Description = e.Description,
        ColoniaId = e.ColoniaId, Category = e.Category, CategoryLabel = e.Category.Label(), RoughCost = e.RoughCost,
    }.With(e.SubmittedAt, "submitted", $"Presentada en la mesa {e.TableNumber}: {e.Title} (costo aproximado {Money.Format(e.RoughCost)}).");

    public static ProposalDetails Apply(ArgumentRecorded e, ProposalDetails d) => (d with
    {
        Arguments = [.. d.Arguments, new DeliberationArgument(e.Stance, e.Text, e.At)],
        ArgumentsFor = d.ArgumentsFor + (e.Stance == Stance.For ? 1 : 0),
        ArgumentsAgainst = d.ArgumentsAgainst + (e.Stance == Stance.Against ? 1 : 0),
    }).With(e.At, "argument", $"Argumento {(e.Stance == Stance.For ? "a favor" : "en contra")}: {e.Text}");

    public static ProposalDetails Apply(CommentRecorded e, ProposalDetails d) =>
        (d with { Comments = d.Comments + 1 }).With(e.At, "comment", $"Comentario: {e.Text}");

    public static ProposalDetails Apply(ProposalWithdrawn e, ProposalDetails d) =>
        (d with { Status = PublicStatus.Withdrawn }).With(e.At, "withdrawn", $"Retirada por quien la presentó: {e.Reason}");

    public static ProposalDetails Apply(ProposalMerged e, ProposalDetails d) =>
        (d with { Status = PublicStatus.Merged, MergedInto = e.IntoProposalId }).With(e.At, "merged", $"Fusionada en otra propuesta, por estar duplicada: {e.Reason}");

    public static ProposalDetails Apply(DuplicateAbsorbed e, ProposalDetails d) =>
        (d with { AbsorbedDuplicates = [.. d.AbsorbedDuplicates, e.DuplicateId] }).BackedBy((d.Endorsers ?? []).Union(e.DuplicateEndorsers))
        .With(e.At, "absorbed", $"Absorbió la propuesta duplicada «{e.DuplicateTitle}» y sus respaldos.");

    public static ProposalDetails Apply(FeasibilityStudyRecorded e, ProposalDetails d) =>
        (d with { Feasibility = e.Study with { StudiedBy = Accounts.Account.PublicName(e.Study.StudiedBy) }, Status = e.Study.Verdict == Verdict.Viable ? PublicStatus.Viable : PublicStatus.NotViable })
        .With(e.Study.StudiedAt, "feasibility", $"{(d.Feasibility is null ? "Estudio de factibilidad" : "Estudio de factibilidad corregido")}: {(e.Study.Verdict == Verdict.Viable ? "viable" : "no viable")}, costo estimado {Money.Format(e.Study.CostEstimate)}. {e.Study.Reasons}");

    public static ProposalDetails Apply(ProposalEndorsed e, ProposalDetails d) =>
        d.BackedBy((d.Endorsers ?? []).Append(e.ParticipantId)).With(e.EndorsedAt, "endorsed", "Recibió un respaldo en su mesa.");

    public static ProposalDetails Apply(EndorsementVoided e, ProposalDetails d) =>
        d.BackedBy((d.Endorsers ?? []).Where(p => p != e.ParticipantId))
        .With(e.At, "endorsement_voided", "Se anuló un respaldo registrado por error."); // the reason may name someone: it stays on the table's stream

    public static ProposalDetails Apply(ShortlistChosen e, ProposalDetails d) =>
        (d with { Status = PublicStatus.Shortlisted }).With(e.ChosenAt, "shortlisted", "Elegida en la segunda mesa para la Jornada de Participación.");

    public static ProposalDetails Apply(NewJornadaCalled e, ProposalDetails d) =>
        d.With(e.CalledAt, "new_jornada", e.EarlierOutcome switch
        {
            "tally_tied" => "La Jornada de Participación terminó empatada",
            "no_ballots" => "La Jornada de Participación cerró sin votos",
            _ => "La Jornada de Participación no se abrió en su horario",
        } + ": se convocó una nueva Jornada con las mismas dos propuestas.");

    /// <summary>The result as published settles both proposals that went to the vote.</summary>
    public static ProposalDetails Apply(JornadaResultPublished e, ProposalDetails d) => d.Id == e.Work.ProposalId
        ? (d with { Status = PublicStatus.Chosen }).With(e.PublishedAt, "chosen", "Elegida por los habitantes en la Jornada de Participación.")
        : (d with { Status = PublicStatus.NotChosen }).With(e.PublishedAt, "not_chosen",
            $"No elegida: los habitantes eligieron en la Jornada de Participación el otro proyecto, «{e.Work.Title}».");

    /// <summary>Publication said it already; this counts only for a proposal projected before publication settled its status.</summary>
    public static ProposalDetails Apply(ChosenWorkConfirmed e, ProposalDetails d) => d.Status == PublicStatus.Chosen ? d
        : (d with { Status = PublicStatus.Chosen }).With(e.ConfirmedAt, "chosen", "Elegida por los habitantes en la Jornada de Participación.");
}

public static class ProposalReadEndpoints
{
    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.ProposalDetails>(StatusCodes.Status200OK)]
    [WolverineGet("/api/proposals/{proposalId}", OperationId = "GetProposal")]
    public static async Task<IResult> Get(Guid proposalId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ProposalDetails>(proposalId, cancellation) is { } proposal
            ? Results.Ok(user.IsInRole(Roles.Staff) ? proposal : proposal.ForThePublic())
            : Problems.Result(Proposal.NotFound);

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<GobiernoAbierto.Proposals.ProposalDetails>>(StatusCodes.Status200OK)]
    [WolverineGet("/api/processes/{processId}/proposals", OperationId = "ListProposals")]
    public static async Task<IResult> List(Guid processId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ProcessTimeline>(processId, cancellation) is null
            ? Problems.Result(StageRules.ProcessNotFound)
            : Results.Ok((await session.Query<ProposalDetails>().Where(p => p.ProcessId == processId).ToListAsync(cancellation))
                .OrderBy(p => p.TableNumber).ThenBy(p => p.Title, Sentence.Alphabetical)
                .Select(p => user.IsInRole(Roles.Staff) ? p : p.ForThePublic()));
}
