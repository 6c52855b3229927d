using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// A proposal built by folding its stream's events through Proposal.Create and Apply. The same events (with the
/// tables' endorsements and the process's shortlist) fold into the public details and the process ranking.
/// </summary>
internal sealed class ProposalBuilder
{
    public static readonly DateTimeOffset SubmittedAt = ProcessBuilder.On(Stage.FirstWorkTable).AddHours(1);
    public static readonly DateTimeOffset StudiedAt = ProcessBuilder.On(Stage.SecondWorkTable);
    public const decimal RoughCost = 1_500_000m;

    private readonly List<object> _events = [];

    private ProposalBuilder(ProposalSubmitted submitted)
    {
        _events.Add(submitted);
        Id = submitted.ProposalId;
        ProcessId = submitted.ProcessId;
        AuthorId = submitted.ParticipantId;
        Title = submitted.Title;
    }

    public Guid Id { get; }
    public Guid ProcessId { get; }
    public Guid AuthorId { get; }
    public string Title { get; }
    public IReadOnlyList<object> Events => _events;

    public static ProposalBuilder Submitted(WorkTableBuilder table, int author, string title, DateTimeOffset? submittedAt = null) =>
        new(new ProposalSubmitted(Guid.NewGuid(), table.ProcessId, table.Id, table.Number, table.Participant(author), title,
            $"Descripción de la obra: {title}.", "loma-bonita", WorkCategory.PublicSpace, RoughCost, ProcessBuilder.Staff,
            submittedAt ?? SubmittedAt));

    public static FeasibilityStudy Study(bool viable = true, decimal cost = 1_200_000m) => new(
        new Assessment(viable, viable ? "Sin impedimentos técnicos." : "El predio no es municipal."),
        new Assessment(true, "Sin impedimentos legales."),
        new Assessment(true, "Cabe en el presupuesto participativo."),
        cost, viable ? Verdict.Viable : Verdict.NotViable, viable ? "Factible." : "No factible por el predio.", ProcessBuilder.Staff, StudiedAt);

    public ProposalBuilder Studied(bool viable = true, decimal cost = 1_200_000m) =>
        Then(new FeasibilityStudyRecorded(Id, ProcessId, Study(viable, cost)));

    public ProposalBuilder Argued(Guid participantId, Stance stance, string text) =>
        Then(new ArgumentRecorded(Id, ProcessId, participantId, stance, text, ProcessBuilder.Staff, SubmittedAt.AddMinutes(10 * _events.Count)));

    public ProposalBuilder Commented(Guid participantId, string text) =>
        Then(new CommentRecorded(Id, ProcessId, participantId, text, ProcessBuilder.Staff, SubmittedAt.AddMinutes(10 * _events.Count)));

    public ProposalBuilder Withdrawn(string reason = "La atiende ya otro programa municipal.") =>
        Then(new ProposalWithdrawn(Id, ProcessId, AuthorId, reason, ProcessBuilder.Staff, SubmittedAt.AddDays(1)));

    /// <summary>
    /// This proposal is a duplicate of the survivor: merged here, absorbed there, handing over the endorsers it had
    /// (the merge endpoint reads them from the ranking).
    /// </summary>
    public ProposalBuilder MergedInto(ProposalBuilder survivor, string reason = "Es la misma obra.", IReadOnlyList<Guid>? endorsers = null)
    {
        var at = SubmittedAt.AddDays(1);
        survivor.Then(new DuplicateAbsorbed(survivor.Id, ProcessId, Id, Title, endorsers ?? [], ProcessBuilder.Staff, at));
        return Then(new ProposalMerged(Id, ProcessId, survivor.Id, reason, ProcessBuilder.Staff, at));
    }

    public ProposalBuilder Then(params IEnumerable<object> events)
    {
        _events.AddRange(events);
        return this;
    }

    public Proposal Build() => Fold(_events);

    public static Proposal Fold(IEnumerable<object> events) => Support.Fold.Into<Proposal>(events);

    /// <summary>
    /// The public details of one proposal from any mix of events, routed as ProposalDetailsProjection's identities do:
    /// its own stream, the endorsements of it, the shortlist that names it, the chosen work that is it.
    /// </summary>
    public static ProposalDetails FoldDetails(Guid proposalId, IEnumerable<object> events) =>
        Support.Fold.Into<ProposalDetails>(events.Where(e => e switch
        {
            ShortlistChosen x => x.ProposalIds.Contains(proposalId),
            JornadaResultPublished x => x.Proposals().Contains(proposalId),
            ChosenWorkConfirmed x => x.Work.ProposalId == proposalId,
            _ => e.GetType().GetProperty(nameof(ProposalSubmitted.ProposalId))?.GetValue(e) is Guid id && id == proposalId,
        }), typeof(ProposalDetailsProjection));

    /// <summary>
    /// The events of the work tables in the order they happen: the process starts, proposals are presented, the tables
    /// seat and endorse, then come studies, withdrawals and merges, and last what the process records afterwards (the
    /// shortlist, the chosen work).
    /// </summary>
    public static IEnumerable<object> History(ProcessBuilder process, IEnumerable<WorkTableBuilder> tables, IEnumerable<ProposalBuilder> proposals)
    {
        var all = proposals.ToList();
        return process.Events.Take(1)
            .Concat(all.SelectMany(p => p.Events.OfType<ProposalSubmitted>()))
            .Concat(tables.SelectMany(t => t.Events))
            .Concat(all.SelectMany(p => p.Events.Where(e => e is not ProposalSubmitted)))
            .Concat(process.Events.Skip(1));
    }

    /// <summary>The process ranking from any mix of events, as ProcessRankingProjection's identities route them.</summary>
    public static ProcessRanking FoldRanking(IEnumerable<object> events) => Support.Fold.Into<ProcessRanking>(events, typeof(ProcessRankingProjection));
}
