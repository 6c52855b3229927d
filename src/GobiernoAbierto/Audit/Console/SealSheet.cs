using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit.Console;

/// <summary>The seal as people read and sign it: the final hash in groups of eight, the counts with the options' titles.</summary>
public sealed record SealSheet(ExportedSeal Seal, IReadOnlyList<BallotOption> Options)
{
    public IEnumerable<string> HashGroups => Enumerable.Range(0, Seal.FinalHash.Length / 8).Select(i => Seal.FinalHash.Substring(i * 8, 8));

    public string Title(string optionId) => Options.FirstOrDefault(o => o.Id == optionId)?.Title ?? optionId;

    public string OutcomeText => Outcome.From(Seal.Counts) switch
    {
        { Kind: OutcomeKind.NoBallots } => "La Jornada cerró sin votos.",
        { Kind: OutcomeKind.Tie } => "Empate entre los dos proyectos.",
        var o => $"Mayoría para «{Title(o.WinnerOptionId!)}».",
    };
}
