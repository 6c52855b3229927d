using System.Security.Cryptography;
using System.Text;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// Turns a voter identifier into the only form the service stores: HMAC-SHA256 under a server secret, per Jornada.
/// Without the secret nobody can test "did CURP X vote?"; with a different Jornada the key differs, so
/// participation cannot be linked across Jornadas either.
/// </summary>
public sealed class VoterKeys
{
    private readonly byte[] _secret;

    public VoterKeys(byte[] secret)
    {
        if (secret.Length < 32)
            throw new ArgumentException("Voting:VoterKeySecret must hold at least 32 bytes (base64).", nameof(secret));
        _secret = secret;
    }

    /// <summary>Key of a person's participation in a Jornada, from the normalised identifier.</summary>
    public string VoterKey(Guid jornadaId, string normalizedIdentifier) =>
        Mac($"voter|{jornadaId:N}|{normalizedIdentifier}");

    /// <summary>
    /// Where a submission's idempotency key is looked up; reveals nothing about the key itself. A kiosk's keys are its
    /// own: a retry is answered only to the device that sent the ballot, so a kiosk that learnt the key of someone's
    /// online ballot (or another kiosk's) cannot have its receipt, nor learn its choice by trying each option.
    /// </summary>
    public string IdempotencyLookup(Guid jornadaId, string? kioskId, string idempotencyKey) => kioskId is null
        ? Mac($"idempotency|{jornadaId:N}|{idempotencyKey}")
        : Mac($"idempotency-kiosk|{jornadaId:N}|{kioskId}|{idempotencyKey}");

    /// <summary>Where a letter reissue's request key is kept (VotingTables.ReplaceCodeAsync), so that a repeat of the request is known.</summary>
    public string ReissueLookup(Guid jornadaId, string requestKey) => Mac($"reissue|{jornadaId:N}|{requestKey}");

    /// <summary>
    /// Key that seals the receipt kept for a retried submission. It needs both the client's idempotency key and the
    /// voter key, so the stored row links to nobody unless one holds the idempotency key the voter's device made.
    /// </summary>
    public byte[] ReplayKey(string idempotencyKey, string voterKey) =>
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"replay|{idempotencyKey}|{voterKey}"));

    /// <summary>
    /// What the service keeps of a voter's online voting code: bound to the Jornada and the voter key, and keyed with the
    /// server secret, so neither a database reader nor the credential authority can make one for a code of their choosing.
    /// </summary>
    public string CodeVerifier(Guid jornadaId, string voterKey, string normalizedCode) => Mac($"code|{jornadaId:N}|{voterKey}|{normalizedCode}");

    /// <summary>
    /// How a kiosk's device credential, the one that casts its ballots, is stored and looked up: keyed with the server
    /// secret, so that whoever can write the database cannot make a token the service takes as a kiosk's (a plain SHA-256
    /// let a database administrator add a kiosk credential of their own and cast ballots in anyone's name).
    /// </summary>
    public string KioskDeviceHash(string token) => Mac($"kiosk-device|{token}");

    /// <summary>
    /// How a kiosk's configuration link is stored and looked up: keyed apart from a device's credential, so that which of
    /// the two finds a token says what it may do, not a field of its row (a database administrator who marked a link's row
    /// as a device's let whoever saw the link, staff, cast that kiosk's ballots, past the IEEQ's authorization).
    /// </summary>
    public string KioskLinkHash(string token) => Mac($"kiosk-link|{token}");

    /// <summary>Where a participation's sealed note (channel, day) is filed: not the voter key, so the two rows do not join.</summary>
    public string ParticipationCheckKey(Guid jornadaId, string voterKey) => Mac($"participation-check|{jornadaId:N}|{voterKey}");

    /// <summary>Where a roll's folio is looked up (RollLetters).</summary>
    public string FolioKey(Guid jornadaId, int folio) => Mac($"roll-folio|{jornadaId:N}|{folio}");

    /// <summary>Key that seals each roll entry's folio and identifier tail (RollLetters).</summary>
    public byte[] RollLettersKey() => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("roll-letters|v1"));

    /// <summary>The AES-256 key that seals participation notes (ParticipationNotes).</summary>
    public byte[] NotesKey() => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("participation-notes|v1"));

    /// <summary>The AES-256 key of the sealed urn (SealedUrn), derived from the same server secret.</summary>
    public byte[] SealingKey() => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("sealed-urn|v1"));

    /// <summary>The AES-256 key that seals the consoles' second-factor (TOTP) secrets and the keys behind their cookies.</summary>
    public byte[] ConsoleSecretsKey() => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("console-secrets|v1"));

    /// <summary>What the database keeps to tell whether a start has the secret it was first used with (SecretCheck).</summary>
    public string SecretCheck() => Mac("secret-check");

    private string Mac(string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(message)));
}
