using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;
using OtpNet;

namespace GobiernoAbierto.Accounts;

/// <summary>
/// Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), what every authenticator app speaks. The secret an
/// account enrols is drawn at random for each enrolment page and travels in its form sealed (bound to the account and
/// its activation code), so the page and the activation that follows agree on it on any instance without storing it,
/// and whoever opened the page before the person (the one who carried the activation sheet) holds a secret the
/// person's own page does not use. Once activated it is kept sealed (AES-GCM under a key derived from the server secret)
/// and bound to its account, and the one-time codes that lead to it (activation, the IEEQ's) are kept as HMACs under
/// that secret: someone who can write the database but lacks the secret can neither copy their own second factor onto
/// another account nor set an account's code to one they chose.
/// </summary>
public sealed class SecondFactor(VoterKeys keys, TimeProvider clock)
{
    private const string Issuer = "GobiernoAbierto Querétaro";
    private readonly byte[] _key = keys.ConsoleSecretsKey();
    private readonly byte[] _codeKey = HMACSHA256.HashData(keys.ConsoleSecretsKey(), "one-time-codes|v1"u8);
    private readonly byte[] _addressKey = HMACSHA256.HashData(keys.ConsoleSecretsKey(), "sign-in-addresses|v1"u8);

    /// <summary>A new 20-byte secret for one enrolment page.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(20);

    /// <summary>The enrolment page's secret sealed for its form, good only for this account and activation code.</summary>
    public string SealForEnrolment(byte[] secret, Guid accountId, string activationHash) => Seal(secret, Enrolment(accountId, activationHash));

    /// <summary>The secret the enrolment page's form carried, or null when it was not sealed for this account and code.</summary>
    public byte[]? OpenEnrolment(string? sealedSecret, Guid accountId, string activationHash)
    {
        try
        {
            return sealedSecret is null ? null : Open(sealedSecret, Enrolment(accountId, activationHash));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static string Enrolment(Guid accountId, string activationHash) => $"totp-enrolment|{accountId:N}|{activationHash}";

    /// <summary>The secret in base32, as a person types it into an app that cannot read the QR code.</summary>
    public static string Readable(byte[] secret) =>
        string.Join(' ', Enumerable.Chunk(Base32Encoding.ToString(secret).TrimEnd('='), 4).Select(c => new string(c)));

    /// <summary>The otpauth:// address the QR code carries.</summary>
    public static string EnrolmentUri(byte[] secret, string userName) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={Base32Encoding.ToString(secret).TrimEnd('=')}" +
        $"&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";

    /// <summary>
    /// The time step the code matches now (one step of drift either way), or null. Spaces and hyphens are dropped: many
    /// apps show the code as «663 104», and that is how people paste it.
    /// </summary>
    public long? Match(byte[] secret, string? code)
    {
        var digits = code is null ? "" : string.Concat(code.Where(c => !char.IsWhiteSpace(c) && c != '-'));
        if (digits.Length != 6) return null;
        return new Totp(secret).VerifyTotp(clock.GetUtcNow().UtcDateTime, digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay)
            ? step
            : null;
    }

    /// <summary>
    /// The key a failed sign-in's network is counted under for one user name (SignInFailed.AddressKey, RateLimits.NetworkOf): an
    /// HMAC under the server secret of both, so the account's record tells which of its failures came from one network
    /// without keeping the address, and the records of two accounts do not tell that one network tried both.
    /// </summary>
    public string AddressKey(string userName, System.Net.IPAddress? address) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_addressKey, Encoding.UTF8.GetBytes($"{userName}|{Hosting.RateLimits.NetworkOf(address)}")).AsSpan(0, 16));

    /// <summary>The key a user name no account has is counted under (UnknownUserNames): an HMAC under the server secret, never the name.</summary>
    public string UserNameKey(string userName) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_addressKey, Encoding.UTF8.GetBytes($"unknown-user-name|{userName}")).AsSpan(0, 16));

    /// <summary>The hash of an activation code as typed, for this account as stored (its role and the code's expiry).</summary>
    public string ActivationHash(Account account, string? typed) =>
        CodeHash(CreateAccountRules.ActivationPurpose, account.Id, account.Role, account.ActivationExpiresAt, typed ?? "");

    /// <summary>The hash of the IEEQ's code as typed, for this account as stored.</summary>
    public string IeeqCodeHash(Account account, string? typed) =>
        CodeHash(IeeqCode.Purpose, account.Id, account.Role, account.IeeqCodeExpiresAt, typed ?? "");

    /// <summary>A new one-time code (grouped like a voting code) for a purpose, an account and its role, good until
    /// expiresAt, and the hash the account keeps.</summary>
    public (string Code, string Hash) NewCode(string purpose, Guid accountId, string role, DateTimeOffset expiresAt)
    {
        var code = Credentials.VotingCode.New();
        return (code, CodeHash(purpose, accountId, role, expiresAt, code));
    }

    /// <summary>
    /// HMAC of the code as typed, normalised, bound to its purpose, account, role and expiry: a hash copied from an
    /// account whose code one knows onto another, kept past its expiry, or left on an account whose stored role was
    /// changed, activates nothing. Empty when it is not a well-formed code.
    /// </summary>
    public string CodeHash(string purpose, Guid accountId, string role, DateTimeOffset expiresAt, string typed) =>
        Credentials.VotingCode.Normalize(typed) is { } code
            ? Convert.ToHexStringLower(HMACSHA256.HashData(_codeKey,
                Encoding.UTF8.GetBytes($"{purpose}|{accountId:N}|{role}|{expiresAt.ToUnixTimeMilliseconds()}|{code}")))
            : "";

    /// <summary>
    /// An account's authenticator secret, sealed for that account and its role alone: copied onto another account, or
    /// left on one whose stored role was changed to another (the stored view is what sign-in reads), it opens nothing.
    /// </summary>
    public string Seal(byte[] secret, Account account) => Seal(secret, Bound(account));

    /// <summary>
    /// The account's authenticator secret; null when it was sealed for another account or role, or the way versions
    /// before 2026-12-03 sealed it (not bound to its account: nothing in the database can tell such a seal was its own
    /// account's, so it is not trusted; README upgrade step 6).
    /// </summary>
    public byte[]? Open(string sealedSecret, Account account)
    {
        try
        {
            return Open(sealedSecret, Bound(account));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static string Bound(Account account) => $"totp|v2|{account.Id:N}|{account.Role}";

    private string Seal(byte[] secret, string purpose)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedBytes = new byte[secret.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Encrypt(nonce, secret, sealedBytes, tag, Encoding.UTF8.GetBytes(purpose));
        return Convert.ToBase64String([.. nonce, .. tag, .. sealedBytes]);
    }

    private byte[] Open(string sealedSecret, string purpose)
    {
        var bytes = Convert.FromBase64String(sealedSecret);
        var nonce = bytes[..12];
        var tag = bytes[12..28];
        var secret = new byte[bytes.Length - 28];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Decrypt(nonce, bytes[28..], tag, secret, Encoding.UTF8.GetBytes(purpose));
        return secret;
    }
}
