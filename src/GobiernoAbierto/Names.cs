namespace GobiernoAbierto;

/// <summary>Names typed in a list (a convenio's parties, a session's invited organisations), where each is given once.</summary>
public static class Names
{
    /// <summary>
    /// The first name given twice as a reader sees them (RequestValidation.AsSeen: capitals, any spaces and invisible
    /// characters aside; «IEEQ» and « ieeq » are one), as typed the first time, or null.
    /// </summary>
    public static string? Repeated(IEnumerable<string?>? names) => names?
        .Where(n => !string.IsNullOrWhiteSpace(n))
        .GroupBy(n => Hosting.RequestValidation.AsSeen(n!))
        .FirstOrDefault(g => g.Count() > 1)?.First()!.Trim();
}
