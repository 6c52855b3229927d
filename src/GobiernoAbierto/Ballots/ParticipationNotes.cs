using System.Security.Cryptography;
using System.Text;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The channel and the day of one participation, for the person who asks "¿Alguien votó con mis datos?" with their
/// identifier and code. Sealed (AES-256-GCM, filed under a keyed hash of the voter key as associated data): a database
/// reader cannot tell who voted online, which, with few online ballots in a mix, could narrow down whose ballot is whose.
/// </summary>
public sealed class ParticipationNotes(VoterKeys keys)
{
    private readonly byte[] _key = keys.NotesKey();

    /// <summary>A group commit's notes, with one AesGcm for all of them (it seals them under the Jornada's lock).</summary>
    public List<(string CheckKey, byte[] Sealed)> SealAll(Guid jornadaId, IEnumerable<(string VoterKey, BallotChannel Channel, DateOnly Day)> notes)
    {
        using var aes = new AesGcm(_key, 16);
        return notes.Select(n => Seal(aes, jornadaId, n.VoterKey, n.Channel, n.Day)).ToList();
    }

    private (string CheckKey, byte[] Sealed) Seal(AesGcm aes, Guid jornadaId, string voterKey, BallotChannel channel, DateOnly day)
    {
        var checkKey = keys.ParticipationCheckKey(jornadaId, voterKey);
        var plain = Encoding.UTF8.GetBytes($"{channel.Code(),-6}|{day:yyyy-MM-dd}"); // fixed length: online and kiosk alike
        var output = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length), Encoding.ASCII.GetBytes(checkKey));
        return (checkKey, output);
    }

    /// <summary>The channel code ("kiosk", "online") and the day; null when the note does not open (altered).</summary>
    public (string Channel, DateOnly Day)? Open(string checkKey, byte[] sealedNote)
    {
        if (sealedNote.Length < 28) return null;
        var plain = new byte[sealedNote.Length - 28];
        using var aes = new AesGcm(_key, 16);
        try
        {
            aes.Decrypt(sealedNote.AsSpan(0, 12), sealedNote.AsSpan(12, plain.Length), sealedNote.AsSpan(12 + plain.Length), plain,
                Encoding.ASCII.GetBytes(checkKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(plain).Split('|');
        return (parts[0].Trim(), DateOnly.ParseExact(parts[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
