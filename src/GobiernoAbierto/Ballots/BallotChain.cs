using System.Globalization;
using System.Text;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The hash chain that seals the ballot box. Each ballot's hash is SHA-256 over its canonical line, which ends
/// with the previous ballot's hash, so changing, removing or inserting any ballot breaks every hash after it.
/// The encoding is written down in the README so an auditor can recompute it with printf and sha256sum.
/// </summary>
public static class BallotChain
{
    /// <summary>The "previous hash" of ballot 1.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// jornadaId|position|option|channel|kiosk|receipt|previousHash, UTF-8, no trailing newline;
    /// jornadaId in lower-case 8-4-4-4-12 form, position in decimal, kiosk "-" for online ballots.
    /// </summary>
    public static string CanonicalLine(Guid jornadaId, long position, string optionId, string channel, string? kioskId,
        string receipt, string previousHash) =>
        string.Join('|', jornadaId.ToString("D"), position.ToString(CultureInfo.InvariantCulture), optionId, channel,
            string.IsNullOrEmpty(kioskId) ? "-" : kioskId, receipt, previousHash);

    public static string Hash(Guid jornadaId, long position, string optionId, string channel, string? kioskId,
        string receipt, string previousHash)
    {
        // The canonical line's UTF-8 bytes, written straight into a buffer: the same bytes as CanonicalLine, without the
        // strings (verify hashes a million of these).
        var kiosk = string.IsNullOrEmpty(kioskId) ? "-" : kioskId;
        var length = 36 + 20 + 6 + Encoding.UTF8.GetMaxByteCount(optionId.Length + channel.Length + kiosk.Length + receipt.Length + previousHash.Length);
        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var n = 0;
        jornadaId.TryFormat(buffer, out var written, "D");
        n += written;
        buffer[n++] = (byte)'|';
        position.TryFormat(buffer[n..], out written, default, CultureInfo.InvariantCulture);
        n += written;
        foreach (var field in (ReadOnlySpan<string>)[optionId, channel, kiosk, receipt, previousHash])
        {
            buffer[n++] = (byte)'|';
            n += Encoding.UTF8.GetBytes(field, buffer[n..]);
        }
        Span<byte> hash = stackalloc byte[32];
        LineHash.Hash(buffer[..n], hash);
        return Convert.ToHexStringLower(hash);
    }
}
