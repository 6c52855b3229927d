namespace GobiernoAbierto.Accounts;

/// <summary>
/// What the person types to activate their account: the code the administrator gave them (and, for the IEEQ's roles, the
/// one the IEEQ gave them: IeeqCode), a password, and the first code of their app.
/// </summary>
public sealed record ActivateAccount(string UserName, string ActivationCode, string Password, string PasswordAgain, string TotpCode, string? IeeqCode = null);

public sealed class ActivateAccountValidator : AbstractValidator<ActivateAccount>
{
    public const int MinimumPasswordLength = 12;

    public ActivateAccountValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().WithName("usuario").WithMessage("Escriba su usuario, el de su hoja de activación.");
        RuleFor(c => c.ActivationCode).NotEmpty().WithName("código de activación").WithMessage("Escriba el código de activación de su hoja.");
        RuleFor(c => c.Password).NotEmpty().WithName("contraseña").WithMessage("Elija una contraseña.")
            .MinimumLength(MinimumPasswordLength)
            .WithMessage($"La contraseña debe tener al menos {MinimumPasswordLength} caracteres; una frase de varias palabras es fácil de recordar y difícil de adivinar.")
            .MaximumLength(200).WithMessage("La contraseña lleva hasta 200 caracteres.");
        // The user name as it signs in (trimmed): «oscar.nunez » typed at the first step let «oscar.nunez-comite-2026» through.
        RuleFor(c => c.Password).Must((c, password) => password is null || string.IsNullOrWhiteSpace(c.UserName) ||
                password.IndexOf(c.UserName.Trim(), StringComparison.OrdinalIgnoreCase) < 0)
            .WithName("contraseña").WithMessage("La contraseña no debe contener su usuario.");
        RuleFor(c => c.Password).Must(p => p is null || p.Length < MinimumPasswordLength || !Guessable(p))
            .WithName("contraseña").WithMessage("Esa contraseña se adivina fácil: repite unos pocos caracteres o es una serie (123456…, abcdef…). " +
                "Una frase de varias palabras es fácil de recordar y difícil de adivinar.");
        RuleFor(c => c.PasswordAgain).Equal(c => c.Password).WithName("confirmación").WithMessage("Las dos contraseñas no coinciden.");
        RuleFor(c => c.TotpCode).NotEmpty().WithName("código de la aplicación")
            .WithMessage("Escriba los 6 dígitos que muestra su aplicación de autenticación.").Matches("^[0-9]{6}$")
            .WithMessage("Escriba los 6 dígitos que muestra su aplicación de autenticación.");
    }

    /// <summary>
    /// Long enough and still the first thing tried: «aaaaaaaaaaaa», «121212121212», «123456789012», «zyxwvutsrqpo» (an outside
    /// tester set them). Fewer than five different characters, or each character one after the one before (or before it).
    /// </summary>
    public static bool Guessable(string password)
    {
        if (password.Distinct().Count() < 5) return true;
        var text = password.ToLowerInvariant();
        bool Series(int step) => Enumerable.Range(1, text.Length - 1).All(i => text[i] - text[i - 1] == step
            || (step == 1 && text[i - 1] == '9' && text[i] == '0') || (step == -1 && text[i - 1] == '0' && text[i] == '9'));
        return Series(1) || Series(-1);
    }
}

public static class ActivateAccountRules
{
    public static readonly Rejection InvalidActivation = new("activation_invalid", "Código de activación no válido",
        "El usuario o el código de activación no son correctos, o el código ya se usó. Pida uno nuevo a la administración de cuentas.",
        StatusCodes.Status400BadRequest);

    public static readonly Rejection ActivationExpired = new("activation_expired", "El código de activación venció",
        "Este código de activación ya venció. Pida uno nuevo a la administración de cuentas.", StatusCodes.Status400BadRequest);

    public static readonly Rejection WrongTotp = new("totp_invalid", "El código de la aplicación no coincide",
        "El código de 6 dígitos no coincide. Revise que la hora de su teléfono sea la correcta y escriba el código que se muestra ahora. " +
        "Si volvió a abrir o recargó esta página, su clave cambió: borre la cuenta de la aplicación y lea otra vez el código QR de esta página.",
        StatusCodes.Status400BadRequest);

    /// <summary>
    /// The activation code before anything else is asked: wrong, expired, or (for the IEEQ's roles) the IEEQ's code not
    /// given yet or expired; null when the person may go on to choose a password and enrol their app.
    /// </summary>
    public static Rejection? Check(Account account, string activationHash, DateTimeOffset now)
    {
        if (account.Status != AccountStatus.AwaitingActivation || account.ActivationHash is null ||
            !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(account.ActivationHash), System.Text.Encoding.ASCII.GetBytes(activationHash)))
            return InvalidActivation;
        if (now >= account.ActivationExpiresAt) return ActivationExpired;
        return IeeqCode.Missing(account, now);
    }

    /// <summary>
    /// A wrong activation code or IEEQ code: someone may be guessing, so it counts against the address (FailedConsoleSignIns).
    /// An expired code, or the IEEQ's code not given yet, comes from a person who typed the right one: it counts nothing.
    /// </summary>
    public static bool IsGuess(Rejection refusal) => refusal == InvalidActivation || refusal == IeeqCode.Wrong;

    /// <param name="ieeqCodeHash">SecondFactor.CodeHash of the IEEQ's code as typed (ignored for other roles).</param>
    /// <param name="totpStep">The time step the typed code matched in the enrolment secret, or null when it matched none.</param>
    public static Decision Decide(Account account, string activationHash, string? ieeqCodeHash, string passwordHash, string sealedTotpSecret,
        long? totpStep, DateTimeOffset now)
    {
        if (Check(account, activationHash, now) is { } refusal) return refusal;
        if (!IeeqCode.Matches(account, ieeqCodeHash)) return IeeqCode.Wrong;
        if (totpStep is not { } step) return WrongTotp;
        return Decision.Accept(new AccountActivated(account.Id, passwordHash, sealedTotpSecret, step, now));
    }
}
