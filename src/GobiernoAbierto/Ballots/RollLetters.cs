using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// What a letter needs of each person on the roll, the folio (the line of the municipality's padrón file) and the
/// identifier's last four characters, kept sealed under the server secret: in clear beside the voter key they told anyone
/// with a copy of the database and the padrón file who took part (participations share the voter key). A reissue finds
/// a folio by its keyed hash.
/// </summary>
public sealed class RollLetters(VoterKeys keys)
{
    private readonly byte[] _key = keys.RollLettersKey();

    /// <summary>Where a folio is looked up: reveals nothing of the folio without the secret.</summary>
    public string FolioKey(Guid jornadaId, int folio) => keys.FolioKey(jornadaId, folio);

    /// <summary>One roll's letters, with one AesGcm for all of them (a roll holds up to 500,000 people).</summary>
    public List<(string? FolioKey, byte[] Letter)> SealAll(Guid jornadaId, IEnumerable<RollEntry> entries)
    {
        using var aes = new AesGcm(_key, 16);
        return entries.Select(e => (e.Folio is { } folio ? FolioKey(jornadaId, folio) : null, Seal(aes, jornadaId, e))).ToList();
    }

    private static byte[] Seal(AesGcm aes, Guid jornadaId, RollEntry entry)
    {
        // Fixed length, whatever the folio's digits: the ciphertext's size says nothing of the line.
        var plain = Encoding.ASCII.GetBytes($"{entry.Folio?.ToString(CultureInfo.InvariantCulture) ?? "",10}|{entry.IdentifierTail ?? "",-8}");
        var output = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length), Bound(jornadaId, entry.VoterKey));
        return output;
    }

    /// <summary>The folio and the identifier's last four characters of one voter key's letter; null when it does not open (altered, or moved to another row).</summary>
    public (int? Folio, string? Tail)? Open(Guid jornadaId, string voterKey, byte[] letter)
    {
        if (letter.Length < 28) return null;
        var plain = new byte[letter.Length - 28];
        using var aes = new AesGcm(_key, 16);
        try
        {
            aes.Decrypt(letter.AsSpan(0, 12), letter.AsSpan(12, plain.Length), letter.AsSpan(12 + plain.Length), plain, Bound(jornadaId, voterKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        var parts = Encoding.ASCII.GetString(plain).Split('|');
        return (int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var folio) ? folio : null,
            parts[1].Trim() is { Length: > 0 } tail ? tail : null);
    }

    private static byte[] Bound(Guid jornadaId, string voterKey) => Encoding.ASCII.GetBytes($"{jornadaId:N}|{voterKey}");
}
