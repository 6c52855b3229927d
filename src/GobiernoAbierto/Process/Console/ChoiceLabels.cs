using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Process.Console;

/// <summary>
/// People and proposals as the console's lists name them: by name or title, and where two share it («María G.» twice,
/// the same title presented at two tables, which merging is for), with what tells them apart, so that staff record an
/// endorsement, a withdrawal, a voided seat or a merge for the right one.
/// </summary>
public static class ChoiceLabels
{
    /// <summary>Each participant by name; two of the same name with their colonia and seat.</summary>
    public static IReadOnlyDictionary<Guid, string> Seats(WorkTable table, Func<string, string> coloniaName)
    {
        var shared = Shared(table.Participants.Select(p => p.DisplayName));
        return table.Participants.Select((p, seat) => (p.Id, Label: shared.Contains(p.DisplayName.Trim())
                ? $"{p.DisplayName.Trim()} ({coloniaName(p.ColoniaId)}, lugar {seat + 1})"
                : p.DisplayName.Trim()))
            .ToDictionary(x => x.Id, x => x.Label);
    }

    /// <summary>
    /// Each proposal by title (and table, when asked); two of the same title with when each was presented and how its
    /// description begins (two presented in the same minute were listed alike: an outside tester's).
    /// </summary>
    public static IReadOnlyList<(string, string)> Proposals(IEnumerable<Proposal> proposals, bool withTable)
    {
        var list = proposals.ToList();
        var shared = Shared(list.Select(p => p.Title));
        return list.Select(p => (p.Id.ToString(), (withTable, shared.Contains(p.Title.Trim())) switch
        {
            (true, true) => $"{p.Title} (mesa {p.TableNumber}, presentada el {QueretaroTime.Format(p.SubmittedAt)}: «{Beginning(p.Description)}»)",
            (true, false) => $"{p.Title} (mesa {p.TableNumber})",
            (false, true) => $"{p.Title} (presentada el {QueretaroTime.Format(p.SubmittedAt)}: «{Beginning(p.Description)}»)",
            _ => p.Title,
        })).ToList();
    }

    /// <summary>About the first 40 characters of a description, cut at a word.</summary>
    private static string Beginning(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= 40) return text;
        var cut = text.LastIndexOf(' ', 39);
        return text[..(cut > 15 ? cut : 39)].TrimEnd(' ', ',', ';', '.') + "…";
    }

    /// <summary>«María G.», «maria g.» and «MARÍA G.» are one name to a person reading the list.</summary>
    private static readonly StringComparer SameName =
        StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("es-MX"),
            System.Globalization.CompareOptions.IgnoreCase | System.Globalization.CompareOptions.IgnoreNonSpace);

    private static HashSet<string> Shared(IEnumerable<string> names) => names.Select(n => n.Trim())
        .GroupBy(n => n, SameName).Where(g => g.Count() > 1).SelectMany(g => g).ToHashSet(SameName);
}
