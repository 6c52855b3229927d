using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Labels;

public sealed record CommitteeSessionLabel(int Number, Stage Stage, string Name);

/// <summary>
/// The Spanish name of every value the participation-process API sends as an enum name ("FirstWorkTable", "Done"…),
/// from each slice's own label function: the pages show these, so the names have one source.
/// </summary>
public sealed record ProcessLabels(
    IReadOnlyDictionary<string, string> Stages,
    IReadOnlyDictionary<string, string> StageStatuses,
    IReadOnlyDictionary<string, string> ProposalStatuses,
    IReadOnlyDictionary<string, string> Verdicts,
    IReadOnlyDictionary<string, string> Categories,
    IReadOnlyDictionary<string, string> AgreementStatuses,
    IReadOnlyDictionary<string, string> TableModes,
    IReadOnlyDictionary<string, string> Stances,
    IReadOnlyDictionary<string, string> TimelineKinds,
    IReadOnlyList<CommitteeSessionLabel> CommitteeSessions);

public static class LabelsEndpoint
{
    public static readonly ProcessLabels All = new(
        Names<Stage>(s => s.Label()),
        Names<StageStatus>(s => s.Label()),
        Names<PublicStatus>(s => s.Label()),
        Names<Verdict>(v => v.Label()),
        Names<WorkCategory>(c => c.Label()),
        Names<AgreementStatus>(a => a.Label()),
        Names<TableMode>(m => m.Label()),
        Names<Stance>(s => s.Label()),
        Proposals.TimelineKinds.Labels,
        [.. Enumerable.Range(1, 4).Select(n => new CommitteeSessionLabel(n, Process.Stages.SessionStage(n), Process.Stages.SessionName(n)))]);

    [AllowAnonymous]
    [WolverineGet("/api/labels", OperationId = "GetLabels")]
    public static ProcessLabels Get() => All;

    private static IReadOnlyDictionary<string, string> Names<T>(Func<T, string> label) where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(v => v.ToString(), label);
}
