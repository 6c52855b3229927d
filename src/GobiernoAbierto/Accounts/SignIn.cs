namespace GobiernoAbierto.Accounts;

public sealed record SignIn(string UserName, string Password, string TotpCode);

/// <summary>What a sign-in attempt records and answers.</summary>
public sealed record SignInOutcome(IReadOnlyList<object> Events, Rejection? Refusal)
{
    public bool SignedIn => Refusal is null;
}

public static class SignInRules
{
    /// <summary>One answer for an unknown user, a wrong password and a wrong code, so nobody learns which it was.</summary>
    public static readonly Rejection Refused = new("sign_in_refused", "No pudimos iniciar su sesión",
        "El usuario, la contraseña o el código de la aplicación no son correctos.", StatusCodes.Status401Unauthorized);

    public static Rejection Locked(DateTimeOffset until) => new("account_locked", "Cuenta bloqueada por unos minutos",
        $"Hubo {Account.FailuresBeforeLockout} intentos fallidos seguidos. Podrá intentarlo de nuevo desde el {QueretaroTime.Format(until)} " +
        "(hora del centro de México). Si no fue usted, avise a la administración de cuentas.", StatusCodes.Status429TooManyRequests);

    public static readonly Rejection Disabled = new("account_disabled", "Cuenta deshabilitada",
        "Esta cuenta fue deshabilitada por la administración de cuentas.", StatusCodes.Status403Forbidden);

    /// <param name="passwordMatches">The password checked against the account's hash (PasswordHasher).</param>
    /// <param name="totpStep">The time step the code matched, or null when it matched none.</param>
    public static SignInOutcome Decide(Account account, bool passwordMatches, long? totpStep, DateTimeOffset now)
    {
        if (account.Status == AccountStatus.AwaitingActivation) return new([], Refused);
        if (account.LockedUntil is { } until && now < until) return new([], Locked(until));
        // A code already used (or older) is refused like a wrong one: someone who saw it over a shoulder cannot reuse it.
        if (!passwordMatches || totpStep is not { } step || step <= account.LastTotpStep)
            return new([new SignInFailed(account.Id, now)], Refused);
        if (account.Disabled) return new([], Disabled);
        return new([new SignedIn(account.Id, step, now)], null);
    }
}
