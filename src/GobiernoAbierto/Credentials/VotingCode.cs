using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Credentials;

/// <summary>
/// A voter's secret voting code, printed on their letter: 15 random symbols of Crockford base32 (75 bits from
/// <see cref="RandomNumberGenerator"/>) and one check symbol, shown as <c>XXXX-XXXX-XXXX-XXXX</c>.
/// </summary>
/// <remarks>
/// <para>
/// The check symbol is the Luhn mod N algorithm with N = 32, over the alphabet <see cref="Alphabet"/>, where a symbol's
/// value is its index (0 = '0' … 31 = 'Z'). To compute it, walk the 15 random symbols from the rightmost to the
/// leftmost, multiplying their values by 2, 1, 2, 1, … (the rightmost by 2); a product p ≥ 32 counts as p − 31 (its
/// two base-32 digits added); the check value is (32 − sum mod 32) mod 32. To verify, walk all 16 symbols from the
/// rightmost (the check, factor 1) with factors 1, 2, 1, 2, … and the same rule: the code is good when the sum is a
/// multiple of 32. The online page (<c>wwwroot/js/voting-code.js</c>) runs exactly this, so a typo is caught on the
/// phone before anything is sent.
/// </para>
/// <para>
/// What it catches: every change of one symbol into another (doubling modulo the rule above is a permutation of 0…31),
/// and every swap of two different adjacent symbols except one pair: '0' next to 'Z' (values 0 and 31), the Luhn
/// mod N counterpart of Luhn's 09 ↔ 90. Not guaranteed: two symbols wrong at once, swaps of non-adjacent symbols
/// (those slip through about once in 32). The check only catches typing mistakes; it adds no secrecy: the 75 random bits
/// do that.
/// </para>
/// <para>
/// Forms: what a person types goes through <see cref="Normalize"/> (16 symbols, no separators): that is the form to
/// compare and to derive a verifier from. <see cref="Format"/> gives the grouped form printed and shown to people.
/// </para>
/// </remarks>
public static partial class VotingCode
{
    /// <summary>Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U.</summary>
    public const string Alphabet = Crockford32.Alphabet;

    /// <summary>Random symbols in a code: 15 × 5 = 75 bits.</summary>
    public const int RandomSymbols = 15;

    /// <summary>Symbols in a normalized code: the random ones and the check symbol.</summary>
    public const int Length = RandomSymbols + 1;

    /// <summary>
    /// Characters a person may type between symbols, all dropped: spaces (also the no-break spaces of copied text), the
    /// hyphen and the dashes and minus sign that phone keyboards and word processors put in its place.
    /// </summary>
    public const string Separators = " \t\r\n\u00A0\u202F-\u2010\u2011\u2012\u2013\u2014\u2212";

    /// <summary>A new random code in its grouped form, <c>XXXX-XXXX-XXXX-XXXX</c>.</summary>
    public static string New()
    {
        Span<char> symbols = stackalloc char[Length];
        RandomNumberGenerator.GetItems(Alphabet.AsSpan(), symbols[..RandomSymbols]); // uniform: 32 symbols, 5 bits each
        symbols[RandomSymbols] = CheckSymbol(symbols[..RandomSymbols]);
        return Group(symbols);
    }

    /// <summary>
    /// The check symbol of 15 random symbols (Luhn mod 32). Throws when <paramref name="randomSymbols"/> is not 15
    /// symbols of <see cref="Alphabet"/>.
    /// </summary>
    public static char CheckSymbol(ReadOnlySpan<char> randomSymbols) => randomSymbols.Length == RandomSymbols
        ? Crockford32.CheckSymbol(randomSymbols)
        : throw new ArgumentException($"A voting code has {RandomSymbols} random symbols.", nameof(randomSymbols));

    /// <summary>
    /// True when <paramref name="normalized"/> is 16 symbols of <see cref="Alphabet"/> (the form
    /// <see cref="Normalize"/> gives) whose last one is the check symbol of the others.
    /// </summary>
    public static bool HasValidCheck(string? normalized) => normalized is { Length: Length } && Crockford32.HasValidCheck(normalized);

    /// <summary>
    /// What a person typed, as 16 symbols without separators; null unless it is exactly 16 symbols. Letters of either
    /// case; <see cref="Separators"/> are dropped; O reads as 0, I and L as 1 (Crockford's rule); anything else (U,
    /// accented letters, punctuation, other digits) refuses the whole input. Does not look at the check symbol:
    /// <see cref="HasValidCheck"/> does.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null) return null;
        Span<char> symbols = stackalloc char[Length];
        var count = 0;
        foreach (var typedChar in typed)
        {
            if (Separators.Contains(typedChar)) continue;
            var c = typedChar is >= 'a' and <= 'z' ? (char)(typedChar - 'a' + 'A') : typedChar; // ASCII only, on purpose
            c = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (ValueOf(c) < 0 || count == Length) return null;
            symbols[count++] = c;
        }
        return count == Length ? new string(symbols) : null;
    }

    /// <summary>The normalized code when <paramref name="typed"/> is a well-formed code with a good check symbol, else null.</summary>
    public static string? Read(string? typed)
    {
        var normalized = Normalize(typed);
        return HasValidCheck(normalized) ? normalized : null;
    }

    /// <summary>
    /// The grouped form, <c>XXXX-XXXX-XXXX-XXXX</c>, of anything <see cref="Normalize"/> accepts; null otherwise. Does
    /// not look at the check symbol.
    /// </summary>
    public static string? Format(string? typed) => Normalize(typed) is { } normalized ? Group(normalized) : null;

    /// <summary>The grouped form: four groups of four symbols of the alphabet.</summary>
    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")]
    public static partial Regex Pattern();

    private static string Group(ReadOnlySpan<char> symbols) =>
        string.Create(Length + 3, symbols.ToString(), static (chars, s) =>
        {
            for (int i = 0, position = 0; i < s.Length; i++)
            {
                if (i is 4 or 8 or 12) chars[position++] = '-';
                chars[position++] = s[i];
            }
        });

    private static int ValueOf(char symbol) => Crockford32.ValueOf(symbol);
}
