namespace GobiernoAbierto.Accounts;

/// <summary>What an administrator does to an existing account: disable it, or give its person a new activation code.</summary>
public static class ManageAccountRules
{
    public static readonly Rejection AlreadyDisabled = new("account_disabled", "La cuenta ya está deshabilitada",
        "Esta cuenta ya fue deshabilitada; para que la persona vuelva a entrar, cree una cuenta nueva.");

    public static readonly Rejection NotYourself = new("cannot_disable_yourself", "No puede deshabilitar su propia cuenta",
        "Pida a otra persona de la administración de cuentas que lo haga: así siempre queda alguien que pueda administrarlas.");

    public static readonly Rejection ReasonRequired = Rejection.Invalid("reason_required",
        "Escriba el motivo, en no más de 300 caracteres (por ejemplo «dejó de laborar en la Secretaría»): queda en la bitácora.");

    public static Decision Disable(Account account, string? reason, Guid byAccountId, string by, DateTimeOffset now)
    {
        if (account.Disabled) return AlreadyDisabled;
        if (account.Id == byAccountId) return NotYourself;
        // Only zero-width spaces were taken as a reason (an outside tester): what does not show is no reason.
        if (string.IsNullOrWhiteSpace(reason) || RequestValidation.Visible(reason).Length == 0 || reason.Trim().Length > 300) return ReasonRequired;
        return Decision.Accept(new AccountDisabled(account.Id, reason.Trim(), by, now));
    }

    public static readonly Rejection NotYourOwnActivation = new("cannot_reissue_yourself", "No puede reponer su propia activación",
        "Su contraseña y su aplicación dejarían de servir al instante y se cerraría su sesión. Pida a otra persona de la " +
        "administración de cuentas que lo haga (o, si no hay otra, use «accounts create-admin» en el servidor).");

    public static Decision ReissueActivation(Account account, string activationHash, Guid byAccountId, string by, DateTimeOffset now) =>
        account.Disabled ? AlreadyDisabled
        : account.Id == byAccountId ? NotYourOwnActivation
        : Decision.Accept(new ActivationReissued(account.Id, activationHash, now + CreateAccountRules.ActivationLifetime, by, now));
}
