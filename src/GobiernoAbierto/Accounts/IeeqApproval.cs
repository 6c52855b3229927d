namespace GobiernoAbierto.Accounts;

/// <summary>
/// The accounts that act as the IEEQ (auditors, the credential authority) are made and given new activation codes by the
/// municipality's account administration, which holds every code it hands out: alone it could activate one itself and
/// certify, or reissue residents' letters and vote with them. So such an account signs in only after an IEEQ auditor
/// approved it, in front of its person, with a code of the authenticator that activated it (README, «Cuentas del IEEQ»).
/// </summary>
public static class IeeqApproval
{
    public static readonly IReadOnlyList<string> Roles = [Hosting.Roles.Auditor, Hosting.Roles.CredentialAuthority];

    public static bool Needed(string role) => Roles.Contains(role);

    /// <summary>Who approves when no IEEQ auditor can (the first one, or none left): the server's operator, on the server.</summary>
    public const string ByServer = "comando accounts approve (servidor)";

    public static readonly Rejection NotAwaiting = new("ieeq_approval_not_needed", "Esa cuenta no espera aprobación",
        "La cuenta no espera la aprobación del IEEQ: ya fue aprobada, no es de un rol del IEEQ o está deshabilitada.", StatusCodes.Status409Conflict);

    public static readonly Rejection NotActivated = new("ieeq_approval_before_activation", "La persona aún no activa su cuenta",
        "Se aprueba una cuenta después de que su persona la activó: pídale que la active con su hoja de activación y vuelva a aprobarla " +
        "con un código de la aplicación que registró.", StatusCodes.Status409Conflict);

    public static readonly Rejection NotYourOwn = new("ieeq_approval_own_account", "No puede aprobar su propia cuenta",
        "Otra persona de la Auditoría del IEEQ aprueba esta cuenta.", StatusCodes.Status403Forbidden);

    public static readonly Rejection WrongCode = new("ieeq_approval_code_invalid", "El código de la aplicación no coincide",
        "El código de 6 dígitos no es el que muestra ahora la aplicación que activó esta cuenta. Pida a la persona el código que ve en su " +
        "teléfono en este momento. Si la persona no registró esa cuenta en su aplicación, alguien la activó en su lugar: no la apruebe y " +
        "pida a la administración de cuentas un código de activación nuevo, que la persona active delante de usted.", StatusCodes.Status400BadRequest);

    /// <summary>
    /// Approves the account for the IEEQ.
    /// </summary>
    /// <param name="totpStep">The step the typed code matched in the account's own authenticator secret, or null when it matched none.</param>
    /// <param name="approverAccountId">The approving auditor's account; null when the server's operator approves.</param>
    public static Decision Approve(Account account, long? totpStep, Guid? approverAccountId, string by, DateTimeOffset now)
    {
        if (account.Id == approverAccountId) return NotYourOwn;
        if (account.Status == AccountStatus.AwaitingActivation && account.AwaitsIeeqApproval) return NotActivated;
        if (account.Status != AccountStatus.AwaitingIeeqApproval) return NotAwaiting;
        // A code already used (at activation, a sign-in) is refused like a wrong one.
        if (totpStep is not { } step || step <= account.LastTotpStep) return WrongCode;
        return Decision.Accept(new AccountApprovedByIeeq(account.Id, step, by, approverAccountId, now));
    }

    /// <summary>What the person is told when their password and code are right but the IEEQ has not approved the account yet.</summary>
    public static readonly Rejection Pending = new("ieeq_approval_pending", "Su cuenta espera la aprobación del IEEQ",
        "Su contraseña y su código son correctos, pero las cuentas de auditoría y de la autoridad de credenciales entran solo después de que " +
        "una persona de la Auditoría del IEEQ las aprueba. Vaya con ella con su teléfono: le pedirá un código de su aplicación.",
        StatusCodes.Status403Forbidden);
}
