namespace GobiernoAbierto;

/// <summary>Labels written for a heading or a table cell, used inside a sentence.</summary>
public static class Sentence
{
    /// <summary>
    /// Titles and names in the order of a Spanish dictionary: «Alumbrado», «Árboles», «banquetas», «Zanja», not the
    /// database's byte order, which put every lower-case or accented first letter after «Z».
    /// </summary>
    public static readonly StringComparer Alphabetical =
        StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("es-MX"), System.Globalization.CompareOptions.IgnoreCase);

    /// <summary>
    /// "Solicitada, en espera del IEEQ" → "solicitada, en espera del IEEQ": only the first letter lowers, so acronyms and
    /// proper names (IEEQ, Comité de Gobierno Abierto) keep their capitals; a label that starts with an acronym ("CURP")
    /// stays as it is.
    /// </summary>
    public static string Inside(string label) =>
        label.Length == 0 || (label.Length > 1 && char.IsUpper(label[1])) ? label : char.ToLowerInvariant(label[0]) + label[1..];

    /// <summary>
    /// An agreement's text (or other long words) up to about 80 characters, cut at a word, for a list that says which one
    /// it is; the page of the thing says all of it.
    /// </summary>
    public static string Shortened(string text)
    {
        if (text.Length <= 80) return text;
        var cut = text.LastIndexOf(' ', 79);
        return text[..(cut > 40 ? cut : 79)].TrimEnd(' ', ',', ';', '.') + "…";
    }

    /// <summary>
    /// Someone's words quoted at the end of a sentence: «Se fue la luz». A quotation that ends with its own full stop (or
    /// ? ! …) keeps it and ends the sentence, «Se fue la luz.», never «Se fue la luz.».
    /// </summary>
    public static string Quoted(string words) =>
        words.TrimEnd() is var text && text.Length > 0 && text[^1] is '.' or '?' or '!' or '…' ? $"«{text}»" : $"«{text}».";
}
