using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Credentials;
using Npgsql;

namespace GobiernoAbierto.Voting;

public sealed class CredentialLockoutOptions
{
    /// <summary>Wrong voting codes for one identifier before it is locked.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan LockFor { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Online, a person proves who they are with their identifier and the voting code of their letter. A wrong identifier
/// and a wrong code get the same answer, so nobody learns who is on the roll; five wrong codes for one identifier lock
/// it for 15 minutes (only the count and the lock are kept, never what was typed). The group commit checks the verifier
/// again under the Jornada's lock: that check is the authority, this one answers quickly and counts failures.
/// </summary>
public sealed class VotingCredentials(VoterKeys keys, VotingTables tables, NpgsqlDataSource dataSource,
    Microsoft.Extensions.Options.IOptions<CredentialLockoutOptions> lockout)
{
    public static readonly Rejection Missing = Rejection.Invalid("voting_code_required",
        "Para votar en línea escriba el código de votación de 16 caracteres de su carta (por ejemplo 7K3M-Q9XA-2BFD-8WNR).");

    public static readonly Rejection Mistyped = Rejection.Invalid("voting_code_mistyped",
        "El código de votación no es válido: revise que lo copió completo y sin errores (16 caracteres, como en su carta).");

    public static readonly Rejection Invalid = new("invalid_voting_credentials", "Clave o código incorrectos",
        "La clave de elector o el código de votación no coinciden. Revise ambos como aparecen en su credencial del INE y en su carta. " +
        "Tras cinco intentos fallidos la clave se bloquea 15 minutos.", StatusCodes.Status403Forbidden);

    public static readonly Rejection Revoked = new("voting_code_revoked", "Código reemplazado",
        "Ese código de votación ya no sirve: se emitió una carta nueva para esta persona. Use el código de la carta más reciente.",
        StatusCodes.Status403Forbidden);

    public static Rejection Locked(DateTimeOffset until) => new("voting_credentials_locked", "Clave bloqueada por intentos fallidos",
        $"Hubo demasiados intentos con un código equivocado para esta clave de elector. Podrá intentarlo de nuevo después de las {QueretaroTime.Format(until)[11..]}.",
        StatusCodes.Status429TooManyRequests);

    /// <summary>The verifier of a normalized code, or a rejection (missing, mistyped, wrong, revoked, locked).</summary>
    public async Task<(string? Verifier, Rejection? Rejection, DateTimeOffset? RetryAt)> CheckAsync(Guid jornadaId, string voterKey, string? typedCode,
        DateTimeOffset now, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(typedCode)) return (null, Missing, null);
        if (VotingCode.Read(typedCode) is not { } code) return (null, Mistyped, null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        if (await tables.LockedUntilAsync(connection, jornadaId, voterKey) is { } until && until > now) return (null, Locked(until), until);

        var verifier = keys.CodeVerifier(jornadaId, voterKey, code);
        var stored = await tables.CodeAsync(connection, jornadaId, voterKey);
        if (stored is { } s && Same(s.Verifier, verifier))
        {
            await tables.ClearFailuresAsync(connection, jornadaId, voterKey);
            return (verifier, null, null);
        }
        await tables.RecordFailureAsync(connection, jornadaId, voterKey, lockout.Value.MaxFailures, now + lockout.Value.LockFor);
        return (null, stored is { RevokedVerifier: { } revoked } && Same(revoked, verifier) ? Revoked : Invalid, null);
    }

    /// <summary>Under the lock: does the typed code's verifier still match the stored one (not reissued meanwhile)?</summary>
    public static bool Matches(IReadOnlyDictionary<string, string>? stored, string voterKey, string? verifier) =>
        verifier is not null && stored is not null && stored.TryGetValue(voterKey, out var current) && Same(current, verifier);

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
