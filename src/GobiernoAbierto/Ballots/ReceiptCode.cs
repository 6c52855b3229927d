using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The code a voter takes home: 12 random characters (60 bits) of Crockford base32, shown as XXXX-XXXX-XXXX.
/// No 0/O or 1/I/L confusion when read aloud or typed at a kiosk.
/// </summary>
public static partial class ReceiptCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[14];
        var position = 0;
        for (var i = 0; i < 12; i++)
        {
            if (i is 4 or 8) chars[position++] = '-';
            chars[position++] = Alphabet[random[i] & 31]; // 32 symbols: the low 5 bits of a random byte are uniform
        }
        return new string(chars);
    }

    /// <summary>
    /// Canonical form of what a person typed (lower case, spaces, O for 0, I/L for 1), or null. The full stop or comma
    /// that ends the sentence a code was copied from («…su código de recibo VYTF-BG71-4AE9.») is not part of it.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null) return null;
        var chars = typed.Trim().TrimEnd('.', ',', ';').ToUpperInvariant()
            .Where(c => !char.IsWhiteSpace(c) && c != '-')
            .Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })
            .ToArray();
        if (chars.Length != 12 || chars.Any(c => !Alphabet.Contains(c))) return null;
        var s = new string(chars);
        return $"{s[..4]}-{s[4..8]}-{s[8..]}";
    }

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")]
    public static partial Regex Pattern();
}
