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

    /// <summary>
    /// A code is shown once, and the page that shows it answers a POST: reloading it (or a second click) sent the form
    /// again and gave another code, so the sheet just printed stopped working unseen (an outside tester). The form carries
    /// when the account's last code was given as the page saw it (<see cref="Stamp"/>); a code given since is that one.
    /// </summary>
    public static Rejection? GivenSinceThePageOpened(string? seen, DateTimeOffset? lastGivenAt, string? lastGivenBy, string what, string by) =>
        seen is not null && seen != Stamp(lastGivenAt) && lastGivenAt is { } at
            ? new Rejection("code_already_given", "Ya se dio un código nuevo", lastGivenBy == by
                ? $"Se dio {what} a esta cuenta el {QueretaroTime.Format(at)} (hora del centro de México), después de abrir esta página (¿la recargó o la envió dos " +
                  "veces?). No se dio otro: el de esa hoja es el que sirve. Si de verdad hace falta otro, abra la página de nuevo y pídalo."
                : $"{lastGivenBy ?? "Otra persona"} dio {what} a esta cuenta el {QueretaroTime.Format(at)} (hora del centro de México), después de que usted abriera esta " +
                  "página. No se dio otro: el que se dio entonces es el que sirve. Si de verdad hace falta otro, abra la página de nuevo y pídalo.")
            : null;

    /// <summary>How a form records when the account's last code was given ("none" for never: an empty field binds as null).</summary>
    public static string Stamp(DateTimeOffset? givenAt) => givenAt?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    public static Decision ReissueActivation(Account account, string activationHash, Guid byAccountId, string by, DateTimeOffset now) =>
        account.Disabled ? AlreadyDisabled
        : account.Id == byAccountId ? NotYourOwnActivation
        : Decision.Accept(new ActivationReissued(account.Id, activationHash, now + CreateAccountRules.ActivationLifetime, by, now));
}
