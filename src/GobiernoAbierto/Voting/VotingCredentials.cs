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
/// it for 15 minutes (only the count and the lock are kept, never what was typed). A ballot's code is checked by the
/// group commit under the Jornada's lock (BallotBatch), so no extra query runs per request; the request only reads it.
/// </summary>
public sealed class VotingCredentials(VoterKeys keys, VotingTables tables, NpgsqlDataSource dataSource,
    Microsoft.Extensions.Options.IOptions<CredentialLockoutOptions> lockout)
{
    public static readonly Rejection Missing = Rejection.Invalid("voting_code_required",
        "Para votar en línea escriba el código de votación de 16 caracteres de su carta (por ejemplo 7K3M-Q9XA-2BFD-8WNR).");

    public static readonly Rejection Mistyped = Rejection.Invalid("voting_code_mistyped",
        "El código de votación no es válido: revise que lo copió completo y sin errores (16 caracteres, como en su carta).");

    /// <summary>A wrong code or an identifier off the roll, in the words of the Jornada's identifier (clave de elector or CURP).</summary>
    public static Rejection Invalid(VoterIdKind kind) => kind == VoterIdKind.Curp
        ? new("invalid_voting_credentials", "CURP o código incorrectos",
            "La CURP o el código de votación no coinciden. Revise ambos: su CURP y el código como aparece en su carta. " +
            "Tras cinco intentos fallidos la CURP se bloquea 15 minutos.", StatusCodes.Status403Forbidden)
        : new("invalid_voting_credentials", "Clave o código incorrectos",
            "La clave de elector o el código de votación no coinciden. Revise ambos como aparecen en su credencial del INE y en su carta. " +
            "Tras cinco intentos fallidos la clave se bloquea 15 minutos.", StatusCodes.Status403Forbidden);

    public static readonly Rejection Revoked = new("voting_code_revoked", "Código reemplazado",
        "Ese código de votación ya no sirve: se emitió una carta nueva para esta persona. Use el código de la carta más reciente.",
        StatusCodes.Status403Forbidden);

    public static Rejection Locked(DateTimeOffset until, VoterIdKind kind = VoterIdKind.ClaveElector) => new("voting_credentials_locked",
        kind == VoterIdKind.Curp ? "CURP bloqueada por intentos fallidos" : "Clave bloqueada por intentos fallidos",
        $"Hubo demasiados intentos con un código equivocado para {(kind == VoterIdKind.Curp ? "esta CURP" : "esta clave de elector")}. Podrá intentarlo de nuevo después de las {QueretaroTime.Format(until)[11..]} (hora del centro de México).",
        StatusCodes.Status429TooManyRequests);

    /// <summary>The typed code, normalized, or why it cannot be one (missing, or a mistyped check symbol).</summary>
    public static (string? Code, Rejection? Rejection) Read(string? typedCode) =>
        string.IsNullOrWhiteSpace(typedCode) ? (null, Missing)
        : VotingCode.Read(typedCode) is { } code ? (code, null)
        : (null, Mistyped);

    /// <summary>
    /// For the participation check, outside a ballot: the same rules the group commit applies (lock, right code,
    /// revoked code), with a wrong code counted towards the lock.
    /// </summary>
    public async Task<(Rejection? Rejection, DateTimeOffset? RetryAt)> CheckAsync(Guid jornadaId, VoterIdKind kind, string voterKey, string? typedCode,
        DateTimeOffset now, CancellationToken cancellation)
    {
        var (code, unreadable) = Read(typedCode);
        if (unreadable is not null) return (unreadable, null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        var stored = (await tables.CredentialsAsync(connection, jornadaId, [voterKey]))[voterKey];
        if (stored.LockedUntil is { } until && until > now) return (Locked(until, kind), until);
        var verifier = keys.CodeVerifier(jornadaId, voterKey, code!);
        if (Same(stored.Verifier, verifier))
        {
            await tables.ClearFailuresAsync(connection, jornadaId, [voterKey]);
            return (null, null);
        }
        await tables.RecordFailuresAsync(connection, jornadaId, [voterKey], lockout.Value.MaxFailures, now + lockout.Value.LockFor);
        return (Same(stored.RevokedVerifier, verifier) ? Revoked : Invalid(kind), null);
    }

    public static bool Same(string? stored, string? typed) =>
        stored is not null && typed is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(typed));
}
