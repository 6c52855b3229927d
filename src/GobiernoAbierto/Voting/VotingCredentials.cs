using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Credentials;
using Npgsql;

namespace GobiernoAbierto.Voting;

/// <summary>
/// Online, a person proves who they are with their identifier and the voting code of their letter. A wrong identifier
/// and a wrong code get the same answer, so nobody learns who is on the roll. Wrong codes lock nothing: a code is 75
/// random bits, which no number of guesses finds, while a lock by identifier would let anyone who knows someone's clave
/// keep them from voting online; what bounds guessing is the limit per address (RateLimits). A ballot's code is checked
/// by the group commit under the Jornada's lock (BallotBatch), so no extra query runs per request.
/// </summary>
public sealed class VotingCredentials(VoterKeys keys, VotingTables tables, NpgsqlDataSource dataSource)
{
    // Residents read these titles: «Solicitud inválida» was a technician's word for them (an outside tester).
    public static readonly Rejection Missing = new("voting_code_required", "Falta el código de votación",
        "Para votar en línea escriba el código de votación de 16 caracteres de su carta (por ejemplo 7K3M-Q9XA-2BFD-8WNR).",
        StatusCodes.Status400BadRequest);

    public static readonly Rejection Mistyped = new("voting_code_mistyped", "Revise el código de votación",
        "El código de votación no es válido: revise que lo copió completo y sin errores (16 caracteres, como en su carta).",
        StatusCodes.Status400BadRequest);

    /// <summary>A wrong code or an identifier off the roll, in the words of the Jornada's identifier (clave de elector or CURP).</summary>
    public static Rejection Invalid(VoterIdKind kind) => kind == VoterIdKind.Curp
        ? new("invalid_voting_credentials", "CURP o código incorrectos",
            "La CURP o el código de votación no coinciden. Revise ambos: su CURP y el código como aparece en su carta.",
            StatusCodes.Status403Forbidden)
        : new("invalid_voting_credentials", "Clave o código incorrectos",
            "La clave de elector o el código de votación no coinciden. Revise ambos como aparecen en su credencial del INE y en su carta.",
            StatusCodes.Status403Forbidden);

    public static readonly Rejection Revoked = new("voting_code_revoked", "Código reemplazado",
        "Ese código de votación ya no sirve: se emitió una carta nueva para esta persona. Use el código de la carta más reciente. " +
        "Si usted no pidió una carta nueva, acuda de inmediato al IEEQ con su identificación y esta carta: alguien pudo haberla pedido en su nombre.",
        StatusCodes.Status403Forbidden);

    /// <summary>The typed code, normalized, or why it cannot be one (missing, or a mistyped check symbol).</summary>
    public static (string? Code, Rejection? Rejection) Read(string? typedCode) =>
        string.IsNullOrWhiteSpace(typedCode) ? (null, Missing)
        : VotingCode.Read(typedCode) is { } code ? (code, null)
        : (null, Mistyped);

    /// <summary>For the participation check, outside a ballot: the rules the group commit applies (right code, revoked code).</summary>
    public async Task<Rejection?> CheckAsync(Guid jornadaId, VoterIdKind kind, string voterKey, string? typedCode, CancellationToken cancellation)
    {
        var (code, unreadable) = Read(typedCode);
        if (unreadable is not null) return unreadable;

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        var (verifier, revoked) = (await tables.CredentialsAsync(connection, jornadaId, [voterKey]))[voterKey];
        return StoredCredential.Check(new(verifier, revoked), keys.CodeVerifier(jornadaId, voterKey, code!), kind);
    }

    public static bool Same(string? stored, string? typed) =>
        stored is not null && typed is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(typed));
}
