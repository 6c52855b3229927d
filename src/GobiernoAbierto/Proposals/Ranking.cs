using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;
using Marten.Events.Projections;

namespace GobiernoAbierto.Proposals;

public sealed record RankingEntry(Guid ProposalId, string Title, int TableNumber, IReadOnlyList<Guid> Endorsers, ProposalStatus Status,
    Verdict? Verdict, decimal? CostEstimate, DateTimeOffset SubmittedAt)
{
    public bool Viable => Status == ProposalStatus.Deliberating && Verdict == Proposals.Verdict.Viable;
}

/// <summary>The consolidated ranking of every table's proposals, one document per process.</summary>
public sealed record ProcessRanking(Guid Id, IReadOnlyList<RankingEntry> Entries)
{
    /// <summary>
    /// The prioritisation rule, written down because the shortlist records it: proposals still in deliberation, by
    /// endorsements (a merged duplicate's endorsers count for the proposal it joined, each person once), then lower
    /// feasibility cost estimate, then earlier submission.
    /// </summary>
    public const string Rule =
        "Se ordenan las propuestas en deliberación por número de respaldos de las mesas (cada participante respalda hasta 3 de su mesa; " +
        "los respaldos de una propuesta fusionada cuentan para la propuesta que la absorbe, una vez por persona); en empate, menor costo " +
        "estimado en el estudio de factibilidad; si persiste, la presentada primero. Pasan a la votación las dos primeras con dictamen viable.";

    /// <summary>
    /// The proposals a participant backs now, which is what their limit of endorsements counts: only proposals still in
    /// deliberation, so a withdrawn one gives its endorsement back, and a merged duplicate's backing counts once, for the
    /// proposal that absorbed it.
    /// </summary>
    public IReadOnlyList<Guid> BackedBy(Guid participantId) => Entries
        .Where(e => e.Status == ProposalStatus.Deliberating && e.Endorsers.Contains(participantId))
        .Select(e => e.ProposalId)
        .ToList();

    public IReadOnlyList<RankingEntry> Ranked() => Entries
        .Where(e => e.Status == ProposalStatus.Deliberating)
        .OrderByDescending(e => e.Endorsers.Count)
        .ThenBy(e => e.CostEstimate ?? decimal.MaxValue)
        .ThenBy(e => e.SubmittedAt)
        .ToList();
}

/// <summary>
/// What a table's endorsements and seats are decided on (endorse, void an endorsement, void a seat): the process, locked
/// first (ProcessLock), then the proposal concerned (none for a seat) and the ranking as they are under that lock.
/// </summary>
public static class LockedRanking
{
    public static async Task<(ParticipationProcess, Proposal?, ProcessRanking)> LoadAsync(IDocumentSession session, WorkTable table,
        Guid? proposalId, CancellationToken cancellation)
    {
        var process = (await ProcessLock.HoldAsync(session, table.ProcessId, cancellation))!;
        return (process, proposalId is { } id ? await session.LoadAsync<Proposal>(id, cancellation) : null,
            await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? new ProcessRanking(process.Id, []));
    }
}

public sealed class ProcessRankingProjection : MultiStreamProjection<ProcessRanking, Guid>
{
    public ProcessRankingProjection()
    {
        Identity<ProcessStarted>(e => e.ProcessId);
        Identity<ProposalSubmitted>(e => e.ProcessId);
        Identity<ProposalEndorsed>(e => e.ProcessId);
        Identity<EndorsementVoided>(e => e.ProcessId);
        Identity<ProposalWithdrawn>(e => e.ProcessId);
        Identity<ProposalMerged>(e => e.ProcessId);
        Identity<DuplicateAbsorbed>(e => e.ProcessId);
        Identity<FeasibilityStudyRecorded>(e => e.ProcessId);
    }

    public static ProcessRanking Create(ProcessStarted e) => new(e.ProcessId, []);

    public static ProcessRanking Apply(ProposalSubmitted e, ProcessRanking r) => r with
    {
        Entries = [.. r.Entries, new RankingEntry(e.ProposalId, e.Title, e.TableNumber, [], ProposalStatus.Deliberating, null, null, e.SubmittedAt)],
    };

    public static ProcessRanking Apply(ProposalEndorsed e, ProcessRanking r) =>
        Update(r, e.ProposalId, x => x with { Endorsers = x.Endorsers.Append(e.ParticipantId).Distinct().ToList() });

    public static ProcessRanking Apply(EndorsementVoided e, ProcessRanking r) =>
        Update(r, e.ProposalId, x => x with { Endorsers = x.Endorsers.Where(p => p != e.ParticipantId).ToList() });

    public static ProcessRanking Apply(ProposalWithdrawn e, ProcessRanking r) => Update(r, e.ProposalId, x => x with { Status = ProposalStatus.Withdrawn });

    public static ProcessRanking Apply(ProposalMerged e, ProcessRanking r) => Update(r, e.ProposalId, x => x with { Status = ProposalStatus.Merged });

    public static ProcessRanking Apply(DuplicateAbsorbed e, ProcessRanking r) =>
        Update(r, e.ProposalId, x => x with { Endorsers = x.Endorsers.Union(e.DuplicateEndorsers).ToList() });

    public static ProcessRanking Apply(FeasibilityStudyRecorded e, ProcessRanking r) =>
        Update(r, e.ProposalId, x => x with { Verdict = e.Study.Verdict, CostEstimate = e.Study.CostEstimate });

    private static ProcessRanking Update(ProcessRanking r, Guid id, Func<RankingEntry, RankingEntry> change) =>
        r with { Entries = r.Entries.Select(x => x.ProposalId == id ? change(x) : x).ToList() };
}

public sealed record RankedRow(int Rank, Guid ProposalId, string Title, int TableNumber, int Endorsements, Verdict? Verdict, decimal? CostEstimate);

public sealed record RankingView(Guid ProcessId, string Rule, IReadOnlyList<RankedRow> Rows);

public static class RankingEndpoints
{
    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.RankingView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/processes/{processId}/ranking", OperationId = "GetRanking")]
    public static async Task<IResult> Get(Guid processId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ProcessRanking>(processId, cancellation) is { } ranking
            ? Results.Ok(new RankingView(processId, ProcessRanking.Rule, ranking.Ranked()
                .Select((e, i) => new RankedRow(i + 1, e.ProposalId, e.Title, e.TableNumber, e.Endorsers.Count, e.Verdict, e.CostEstimate)).ToList()))
            : Problems.Result(StageRules.ProcessNotFound);
}
