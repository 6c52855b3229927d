namespace GobiernoAbierto;

/// <summary>Labels written for a heading or a table cell, used inside a sentence.</summary>
public static class Sentence
{
    /// <summary>
    /// "Solicitada, en espera del IEEQ" → "solicitada, en espera del IEEQ": only the first letter lowers, so acronyms and
    /// proper names (IEEQ, Comité de Gobierno Abierto) keep their capitals; a label that starts with an acronym ("CURP")
    /// stays as it is.
    /// </summary>
    public static string Inside(string label) =>
        label.Length == 0 || (label.Length > 1 && char.IsUpper(label[1])) ? label : char.ToLowerInvariant(label[0]) + label[1..];
}
