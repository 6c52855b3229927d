namespace GobiernoAbierto.Accounts;

/// <summary>
/// The accounts that act as the IEEQ (auditors, the credential authority) are made and given new activation codes by the
/// municipality's account administration, which holds every activation code it hands out: alone it could activate one
/// itself, certify, or reissue residents' letters and vote with them. So such an account activates only with a second
/// code, which an IEEQ auditor gives its person in person at the desk (README, «Accounts of the IEEQ's roles»): the
/// person activates it in their own browser with both, and neither the administration nor the IEEQ alone can.
/// </summary>
public static class IeeqCode
{
    public static readonly IReadOnlyList<string> Roles = [Hosting.Roles.Auditor, Hosting.Roles.CredentialAuthority];

    public static bool Needed(string role) => Roles.Contains(role);

    /// <summary>Who gives it when no IEEQ auditor can sign in (the first one, or none left): the server's operator.</summary>
    public const string ByServer = "comando accounts ieeq-code (servidor)";

    public static readonly Rejection NotNeeded = new("ieeq_code_not_needed", "Esa cuenta no espera el código del IEEQ",
        "Solo las cuentas de auditoría y de la autoridad de credenciales que aún no se activan reciben el código del IEEQ; esta ya se activó, " +
        "no es de esos roles o está deshabilitada.");

    public static readonly Rejection NotGiven = new("ieeq_code_missing", "Falta el código del IEEQ",
        "Las cuentas de auditoría y de la autoridad de credenciales se activan con dos códigos: el de su hoja de activación y otro que una " +
        "persona de la Auditoría del IEEQ le da en persona. Aún no se lo han dado: acuda a ella con su identificación.", StatusCodes.Status400BadRequest);

    public static readonly Rejection Expired = new("ieeq_code_expired", "El código del IEEQ venció",
        "El código que le dio la Auditoría del IEEQ ya venció. Pídale uno nuevo, en persona.", StatusCodes.Status400BadRequest);

    public static readonly Rejection Wrong = new("ieeq_code_invalid", "El código del IEEQ no es correcto",
        "El código del IEEQ no coincide con el que le dio la Auditoría del IEEQ (16 letras y números). Si le dio otro después, solo sirve el último.",
        StatusCodes.Status400BadRequest);

    public static readonly Rejection ActivationExpiredFirst = new("ieeq_code_activation_expired", "El código de activación de esa cuenta ya venció",
        "El código de activación de esta cuenta venció: con él ya no se activa. Pida antes a la administración de cuentas un código de " +
        "activación nuevo; después dé el del IEEQ.");

    public static Decision Give(Account account, string codeHash, Guid? giverAccountId, string by, DateTimeOffset now) =>
        account.Status != AccountStatus.AwaitingActivation || !Needed(account.Role) ? NotNeeded
        : now >= account.ActivationExpiresAt ? ActivationExpiredFirst
        : Decision.Accept(new IeeqCodeGiven(account.Id, codeHash, now + CreateAccountRules.ActivationLifetime, by, giverAccountId, now));

    /// <summary>What an activation of this account still lacks from the IEEQ, before its code is typed: null when nothing.</summary>
    public static Rejection? Missing(Account account, DateTimeOffset now) =>
        !Needed(account.Role) ? null
        : account.IeeqCodeHash is null ? NotGiven
        : now >= account.IeeqCodeExpiresAt ? Expired
        : null;

    /// <summary>The IEEQ's code as typed matches the one it gave (always, for an account that needs none).</summary>
    public static bool Matches(Account account, string? typedHash) =>
        !Needed(account.Role) || account.IeeqCodeHash is { } hash && typedHash is not null &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(hash), System.Text.Encoding.ASCII.GetBytes(typedHash));

    /// <summary>What the IEEQ's code's hash is for (SecondFactor.NewCode and CodeHash).</summary>
    public const string Purpose = "ieeq-activation";
}
