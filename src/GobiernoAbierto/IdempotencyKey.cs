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

    /// <remarks>A comma means two keys (two headers, which HTTP joins into one value): neither may be taken for the other.</remarks>
    public static bool IsWellFormed(string key) => key.Trim().Length is >= 16 and <= 100 && !key.Contains(',');
}
