namespace GobiernoAbierto;

/// <summary>
/// The Idempotency-Key header a client sends so that a retry of its request is known as one: a ballot's retry gets its
/// receipt back, a letter reissue's retry is told the letter was already reissued (its code is kept nowhere to give back).
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    public static readonly Rejection Malformed = Rejection.Invalid("invalid_idempotency_key",
        "El encabezado Idempotency-Key debe ser uno solo, de 16 a 100 caracteres y sin comas (por ejemplo un UUID).");

    /// <summary>
    /// The identifier a request under that key gives what it creates (a seat at a work table): the same key, the same
    /// identifier, so a retry finds what the first request made instead of making it again. Bound to where it is created.
    /// </summary>
    public static Guid IdFor(string what, Guid within, string key)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{what}|{within:N}|{key.Trim()}"))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), in .NET's little-endian layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes);
    }

    /// <remarks>A comma means two keys (two headers, which HTTP joins into one value): neither may be taken for the other.</remarks>
    public static bool IsWellFormed(string key) => key.Trim().Length is >= 16 and <= 100 && !key.Contains(',');
}
