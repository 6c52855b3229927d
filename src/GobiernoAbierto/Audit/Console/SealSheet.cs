using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit.Console;

/// <summary>The seal as people read and sign it: the final hash in groups of eight, the counts with the options' titles.</summary>
/// <param name="PlannedClose">When the Jornada closed before its hours were over (with the IEEQ's countersignature): the end it had.</param>
/// <param name="Noted">Noting the record's seal is no longer a step: the IEEQ certified the tally (on the acta, and on the seal
/// sheet after it), so the sheet does not ask for it.</param>
/// <param name="CountersignedBy">The IEEQ auditor whose countersignature that early close used, as the sheet names them.</param>
/// <param name="ClosedBy">Who closed the vote, as the sheet names them (AuthOptions.PublicName).</param>
public sealed record SealSheet(ExportedSeal Seal, IReadOnlyList<BallotOption> Options, DateTimeOffset? PlannedClose = null, bool Noted = false,
    string? CountersignedBy = null, string ClosedBy = "")
{
    /// <remarks>Only the close uses an early-close grant, once: the one used is the close's.</remarks>
    public static SealSheet Of(ExportedSeal seal, Jornada jornada, Func<string, string> publicName, bool noted = false) =>
        new(seal, jornada.Options, jornada.ClosedEarlyAt is null ? null : jornada.VotingClosesAt, noted || jornada.CertifiedAt is not null,
            jornada.Countersignatures.LastOrDefault(c => c is { Action: CountersignedAction.CloseEarly, Status: CountersignatureStatus.Used })?.DecidedBy
                is { } countersignedBy ? publicName(countersignedBy) : null,
            publicName(seal.ClosedBy));

    public IEnumerable<string> HashGroups => Groups(Seal.FinalHash);

    /// <summary>The record's seal (the close's hash in the Jornada's record): the hash to write down, it covers everything.</summary>
    public IEnumerable<string> RecordHashGroups => Groups(Seal.RecordHash ?? "");

    /// <summary>A hash in groups of eight, as the sheets print it and people copy it.</summary>
    public static IEnumerable<string> Groups(string hash) => Enumerable.Range(0, hash.Length / 8).Select(i => hash.Substring(i * 8, 8));

    public string Title(string optionId) => Options.FirstOrDefault(o => o.Id == optionId)?.Title ?? optionId;

    public string OutcomeText => Outcome.From(Seal.Counts) switch
    {
        { Kind: OutcomeKind.NoBallots } => "La Jornada cerró sin votos.",
        { Kind: OutcomeKind.Tie } => "Empate entre los dos proyectos.",
        var o => $"«{Title(o.WinnerOptionId!)}» obtuvo la mayoría de los votos.",
    };
}
