using GobiernoAbierto.Credentials;

namespace GobiernoAbierto.Accounts;

public sealed record CreateAccount(string UserName, string DisplayName, string Role);

public sealed partial class CreateAccountValidator : AbstractValidator<CreateAccount>
{
    public CreateAccountValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().WithName("usuario").WithMessage("Escriba el usuario, p. ej. maria.lopez.")
            .Matches(UserNamePattern()).WithMessage("El usuario lleva de 3 a 40 letras minúsculas sin acento, dígitos, punto, guion o guion bajo (p. ej. maria.lopez).");
        RuleFor(c => c.DisplayName).NotEmpty().WithName("nombre").WithMessage("Escriba el nombre de la persona, como firmará lo que haga.")
            .MinimumLength(3).WithMessage("El nombre lleva al menos 3 caracteres.").MaximumLength(120).WithMessage("El nombre lleva hasta 120 caracteres.");
        RuleFor(c => c.Role).Must(role => CreateAccountRules.Roles.ContainsKey(role ?? "")).WithName("rol")
            .WithMessage("Elija uno de los roles de la lista.");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9._-]{3,40}$")]
    internal static partial System.Text.RegularExpressions.Regex UserNamePattern();
}

public static class CreateAccountRules
{
    /// <summary>How long an activation code stays good.</summary>
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromDays(3);

    /// <summary>The roles a person's account may hold, with the names the console shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Roles = new Dictionary<string, string>
    {
        [Hosting.Roles.Staff] = "Personal municipal",
        [Hosting.Roles.Auditor] = "Auditoría del IEEQ",
        [Hosting.Roles.CredentialAuthority] = "Autoridad de credenciales",
        [Hosting.Roles.Committee] = "Secretaría Técnica del Comité",
        [Hosting.Roles.Administrator] = "Administración de cuentas",
    };

    public static readonly Rejection UserNameTaken = new("user_name_taken", "Ese usuario ya existe",
        "Ya hay una cuenta con ese usuario. Elija otro (por ejemplo, agregue la inicial del segundo apellido).");

    /// <summary>
    /// The account would sign as a configured credential signs (Auth:Keys' Name): the record and the audit log could not
    /// tell the two apart, and the IEEQ's credential was refused its own countersignature as «the same person» (an
    /// outside tester made a staff account «Auditor IEEQ» with user «desarrollo»).
    /// </summary>
    public static Rejection SignsAsACredential(string actor) => Rejection.Invalid("display_name_of_a_credential",
        $"Con ese nombre y ese usuario la cuenta firmaría «{actor}», como firma una credencial configurada del servicio: el registro no " +
        "podría distinguirlas. Escriba el nombre de la persona, o elija otro usuario.");

    /// <summary>
    /// Another account already has that name, as a reader tells names apart: the printed sheets and the public pages name
    /// people without their login, so the two would sign alike. The red team, as an administrator, made a staff account
    /// named like a real staff member's, activated it alone (staff accounts need no IEEQ code) and asked a countersignature
    /// in her name.
    /// </summary>
    public static Rejection DisplayNameTaken(string displayName, string userName) => Rejection.Invalid("display_name_taken",
        $"Ya hay una cuenta con el nombre «{displayName}» (usuario {userName}), aunque esté desactivada: las dos firmarían igual en las hojas " +
        "impresas y en las páginas públicas. Si es otra persona, agregue su segundo apellido o una inicial; si es la misma, dele un código " +
        "de activación nuevo a su cuenta.");

    /// <summary>
    /// A name as a reader compares it: letters and digits only, without accents or case («María  López.» reads as «maria
    /// lopez»).
    /// </summary>
    public static string AsRead(string name) => new(name.Normalize(System.Text.NormalizationForm.FormKD)
        .Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>A new account awaiting its person's activation; the code itself is shown once to the administrator.</summary>
    /// <param name="credentialNames">The names the service's configured credentials sign with (Auth:Keys).</param>
    /// <param name="accounts">Every account already made (display name and login), disabled ones too.</param>
    public static Decision Decide(CreateAccount command, Guid accountId, bool userNameTaken, string activationHash, string by, DateTimeOffset now,
        IEnumerable<string>? credentialNames = null, IEnumerable<(string DisplayName, string UserName)>? accounts = null)
    {
        if (userNameTaken) return UserNameTaken;
        var read = AsRead(command.DisplayName);
        foreach (var (displayName, userName) in accounts ?? [])
            if (AsRead(displayName) == read) return DisplayNameTaken(displayName, userName);
        var actor = Account.ActorOf(command.DisplayName.Trim(), command.UserName);
        // Spaces do not tell two names apart to a reader: «Auditor  IEEQ» reads as «Auditor IEEQ».
        static string Spaced(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if ((credentialNames ?? []).Any(name => string.Equals(Spaced(name), Spaced(actor), StringComparison.OrdinalIgnoreCase)))
            return SignsAsACredential(actor);
        return Decision.Accept(new AccountCreated(accountId, command.UserName, command.DisplayName.Trim(), command.Role, activationHash,
            now + ActivationLifetime, by, now));
    }

    /// <summary>What an activation code's hash is for (SecondFactor.NewCode and CodeHash).</summary>
    public const string ActivationPurpose = "activation";
}
