using System.Globalization;
using System.Security.Cryptography;
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
        string receipt, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            CanonicalLine(jornadaId, position, optionId, channel, kioskId, receipt, previousHash))));
}
