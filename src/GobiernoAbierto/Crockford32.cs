namespace GobiernoAbierto;

/// <summary>
/// Crockford's base32 and the Luhn mod 32 check symbol that voting codes and receipts end with (VotingCode documents
/// the rule and what it catches).
/// </summary>
public static class Crockford32
{
    /// <summary>Digits and upper-case letters without I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private const int N = 32;

    /// <summary>A symbol's value (its index in the alphabet), or -1 for anything else.</summary>
    public static int ValueOf(char symbol) => symbol < 128 ? Alphabet.IndexOf(symbol) : -1;

    /// <summary>The check symbol of these symbols. Throws on a symbol outside the alphabet.</summary>
    public static char CheckSymbol(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        var factor = 2; // the rightmost symbol sits next to the check symbol, so it is doubled
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var value = ValueOf(payload[i]);
            if (value < 0) throw new ArgumentException($"'{payload[i]}' is not a Crockford base32 symbol.", nameof(payload));
            sum += Addend(value, factor);
            factor = 3 - factor;
        }
        return Alphabet[(N - sum % N) % N];
    }

    /// <summary>Whether the last symbol is the check symbol of the others; false on a symbol outside the alphabet.</summary>
    public static bool HasValidCheck(ReadOnlySpan<char> symbols)
    {
        var sum = 0;
        var factor = 1; // the check symbol itself, rightmost, is not doubled
        for (var i = symbols.Length - 1; i >= 0; i--)
        {
            var value = ValueOf(symbols[i]);
            if (value < 0) return false;
            sum += Addend(value, factor);
            factor = 3 - factor;
        }
        return symbols.Length > 0 && sum % N == 0;
    }

    /// <summary>value × factor, with a product of 32 or more replaced by the sum of its two base-32 digits.</summary>
    private static int Addend(int value, int factor)
    {
        var product = value * factor;
        return product / N + product % N;
    }
}
