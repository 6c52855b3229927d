using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The code a voter takes home: 11 random characters (55 bits) of Crockford base32 and a check character, shown as
/// XXXX-XXXX-XXXX. No 0/O or 1/I/L confusion when read aloud or typed at a kiosk. The check character (Luhn mod 32)
/// tells a code with one character mistyped, or two neighbours swapped (all but 0 and Z), from a receipt that is not
/// there: the first is a typo, the second a question for the IEEQ. Receipts given before it existed have none.
/// </summary>
public static partial class ReceiptCode
{
    private const string Alphabet = Crockford32.Alphabet;

    public static string New()
    {
        Span<byte> random = stackalloc byte[11];
        RandomNumberGenerator.Fill(random);
        Span<char> symbols = stackalloc char[12];
        for (var i = 0; i < 11; i++) symbols[i] = Alphabet[random[i] & 31]; // 32 symbols: the low 5 bits of a random byte are uniform
        symbols[11] = Crockford32.CheckSymbol(symbols[..11]);
        return $"{symbols[..4]}-{symbols[4..8]}-{symbols[8..]}";
    }

    /// <summary>Whether a code in canonical form (Normalize) ends with the check character of the other eleven.</summary>
    public static bool HasValidCheck(string canonical)
    {
        var symbols = canonical.Replace("-", "", StringComparison.Ordinal);
        return symbols.Length == 12 && Crockford32.HasValidCheck(symbols);
    }

    /// <summary>
    /// Canonical form of what a person typed (lower case, spaces, O for 0, I/L for 1, the dashes a phone's keyboard puts
    /// for the hyphen), or null. The full stop or comma that ends the sentence a code was copied from («…su código de
    /// recibo VYTF-BG71-4AE9.») is not part of it.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null) return null;
        var chars = Symbols(typed).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }).ToArray();
        if (chars.Length != 12 || chars.Any(c => !Alphabet.Contains(c))) return null;
        var s = new string(chars);
        return $"{s[..4]}-{s[4..8]}-{s[8..]}";
    }

    /// <summary>
    /// Why Normalize does not read what a person typed, to tell them: a character a receipt never has, named («.» between
    /// the groups: they did type all twelve), or how many they typed. Null when it reads it.
    /// </summary>
    public static string? WhyNot(string? typed)
    {
        if (typed is null || Normalize(typed) is not null) return null;
        const string Example = "por ejemplo 7K3M-Q9XA-2BFV";
        var symbols = Symbols(typed);
        var strange = symbols.Where(c => !Alphabet.Contains(c) && c is not ('O' or 'I' or 'L')).Distinct().ToList();
        if (strange.Count > 0)
            return $"El código de recibo no lleva {string.Join(" ni ", strange.Select(Named).Distinct())}: " +
                   $"escriba sus 12 letras y números como en su recibo, con guiones o espacios entre los grupos o sin nada, {Example}.";
        return $"El código de recibo tiene 12 letras y números; escribió {symbols.Count}. Compárelo con su recibo, {Example}.";
    }

    private static string Named(char c) =>
        char.IsSurrogate(c) ? "emojis ni símbolos"
        : char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? "un carácter invisible (copiado con el código)"
        : $"«{c}»";

    // A «/» typed between the groups reaches the route value still encoded: ASP.NET Core decodes every escape of a path
    // segment but %2F, which would be a path step (the page named «%», a character the resident never typed).
    private static List<char> Symbols(string typed) => typed.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Trim().TrimEnd('.', ',', ';').ToUpperInvariant()
        .Where(c => !char.IsWhiteSpace(c) && !Credentials.VotingCode.Separators.Contains(c)).ToList();

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")]
    public static partial Regex Pattern();
}
