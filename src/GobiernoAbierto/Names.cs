namespace GobiernoAbierto;

/// <summary>Names typed in a list (a convenio's parties, a session's invited organisations), where each is given once.</summary>
public static class Names
{
    /// <summary>The first name given twice, spaces and capitals aside («IEEQ» and « ieeq » are one), or null.</summary>
    public static string? Repeated(IEnumerable<string?>? names) => names?
        .Where(n => !string.IsNullOrWhiteSpace(n))
        .GroupBy(n => string.Join(' ', n!.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparer.CurrentCultureIgnoreCase)
        .FirstOrDefault(g => g.Count() > 1)?.Key;
}
