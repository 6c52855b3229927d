using GobiernoAbierto.Credentials;

namespace GobiernoAbierto.Accounts;

public sealed record CreateAccount(string UserName, [property: Hosting.OneLine] string DisplayName, string Role);

public sealed partial class CreateAccountValidator : AbstractValidator<CreateAccount>
{
    public CreateAccountValidator()
    {
        // One reason at a time: an empty name was told three things at once (write it, three characters at least, letters).
        RuleFor(c => c.UserName).Cascade(CascadeMode.Stop).NotEmpty().WithName("usuario").WithMessage("Escriba el usuario, p. ej. maria.lopez.")
            .Matches(UserNamePattern()).WithMessage("El usuario lleva de 3 a 40 letras minúsculas sin acento, dígitos, punto, guion o guion bajo (p. ej. maria.lopez).");
        RuleFor(c => c.DisplayName).Cascade(CascadeMode.Stop).NotEmpty().WithName("nombre").WithMessage("Escriba el nombre de la persona, como firmará lo que haga.")
            .MinimumLength(3).WithMessage("El nombre lleva al menos 3 caracteres.").MaximumLength(120).WithMessage("El nombre lleva hasta 120 caracteres.")
            // U+2028 and U+2029 are line breaks too, neither control nor format: «Ana\u2028López» was made from the console.
            .Must(name => !(name ?? "").Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator))
            .WithMessage("El nombre va en una sola línea, sin saltos de línea ni caracteres invisibles.")
            // A name of no letter at all («😀😀😀», «123», «...») reads as nothing to AsRead: the first was made, and every
            // other such name was then refused as «the same» as it.
            .Must(name => (name ?? "").Any(char.IsLetter))
            .WithMessage("El nombre de la persona se escribe con letras (no solo con dígitos, signos o emojis), como firmará lo que haga.")
            .Must(name => CreateAccountRules.ForeignLetter(name ?? "") is null)
            .WithMessage((_, name) => $"El nombre lleva «{CreateAccountRules.ForeignLetter(name ?? "")}», que no es una letra ni un dígito del " +
                "español: las de otros alfabetos pueden verse iguales a las nuestras, y la cuenta firmaría como otra persona. Escríbalo con el " +
                "teclado en español (se admiten acentos, ñ, ü y el saltillo).")
            // In the same chain, so that a name is refused for one reason at a time («x» with a U+034F was told two).
            .Must(name => CreateAccountRules.StrayMark(name ?? "") is null)
            .WithMessage((_, name) => $"El nombre lleva «{CreateAccountRules.StrayMark(name ?? "")}»: una letra lleva a lo más dos acentos " +
                "de los que se escriben en español u otomí (acento agudo o grave, circunflejo, tilde de la ñ, macrón, diéresis, cedilla o subrayado), cada uno una vez, y ningún signo invisible. " +
                "Escríbalo con el teclado en español.");
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
    /// lopez»). The saltillo counts as the apostrophe it looks like: «OʼGorman» is «O’Gorman» to a reader. And what looks
    /// alike in many typefaces reads alike: a capital I, a small l and a 1 («CarIos», «Car1os» are «Carlos»), a 0 and an O.
    /// </summary>
    public static string AsRead(string name) => new(name.Normalize(System.Text.NormalizationForm.FormKD)
        .Where(c => char.IsLetterOrDigit(c) && !Saltillos.Contains(c)).Select(char.ToLowerInvariant)
        .Select(c => c switch { 'i' or '1' => 'l', '0' => 'o', _ => c }).ToArray());

    /// <summary>
    /// The first letter of a name that is not one of Spanish's (or of Otomí's as Querétaro writes it): a letter counts when,
    /// its accents set apart, it is A to Z, Otomí's ɨ, ʉ or ø, or the saltillo. «Маria» with a
    /// Cyrillic М, or «Marıa» with a dotless ı, reads as «Maria» to a person and not to AsRead, so the red team's
    /// look-alike account would pass the display-name rule.
    /// </summary>
    public static string? ForeignLetter(string name)
    {
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (element.Normalize(System.Text.NormalizationForm.FormKD).Any(c => char.IsLetterOrDigit(c) && !char.IsAsciiLetterOrDigit(c) && !Saltillos.Contains(c) && !OtomiLetters.Contains(c)))
                return element;
        }
        return null;
    }

    /// <summary>
    /// The first letter of a name with marks no Spanish or Otomí letter carries: more than two, one twice, one outside
    /// those languages' accents, an invisible one (the combining grapheme joiner, a variation selector), or a mark on no
    /// letter. «Ana» with ten diaereses stacked on its «n», or with a U+034F after a letter, passed every other rule and
    /// reads as «Ana» to AsRead, while a printed sheet shows something else.
    /// </summary>
    public static string? StrayMark(string name)
    {
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement().Normalize(System.Text.NormalizationForm.FormD);
            var marks = element.Where(c => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark).ToList();
            if (marks.Count == 0) continue;
            if (!char.IsLetter(element[0]) || marks.Count > 2 || marks.Distinct().Count() != marks.Count || marks.Any(m => !WrittenAccents.Contains(m)))
                return elements.GetTextElement();
        }
        return null;
    }

    /// <summary>
    /// Accents written in Spanish and in Otomí as Querétaro writes it: grave, acute, circumflex, tilde, macron, diaeresis,
    /// cedilla, and the line under a vowel (macron below, low line).
    /// </summary>
    private const string WrittenAccents = "\u0300\u0301\u0302\u0303\u0304\u0308\u0327\u0331\u0332";

    /// <summary>The saltillo as keyboards write it: modifier letters apostrophe and turned comma, and Latin's own.</summary>
    private const string Saltillos = "\u02BC\u02BB\uA78B\uA78C";

    /// <summary>Otomí's letters beyond A to Z and accents (ñäñho of Amealco, hñähñu): barred i and u, and o with a stroke.</summary>
    private const string OtomiLetters = "ɨƗʉɄøØ";

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

    /// <summary>
    /// Decides a new account against every account already made and starts its stream in the session; the caller saves.
    /// Two administrators creating the same name at the same moment take turns on it (ChosenIdentifiers), so the second
    /// reads the first's account and is refused: without that both read none and both were made.
    /// </summary>
    public static async Task<Decision> StartAsync(IDocumentSession session, CreateAccount command, Guid accountId, string activationHash,
        string by, DateTimeOffset now, IEnumerable<string> credentialNames, CancellationToken cancellation)
    {
        await Hosting.ChosenIdentifiers.HoldAsync(session, NameKey(command.DisplayName), cancellation);
        var accounts = await session.Query<Account>().Select(a => new { a.DisplayName, a.UserName }).ToListAsync(cancellation);
        var decision = Decide(command, accountId, accounts.Any(a => a.UserName == command.UserName), activationHash, by, now,
            credentialNames, accounts.Select(a => (a.DisplayName, a.UserName)));
        if (decision.Rejection is null) session.Events.StartStream<Account>(accountId, [.. decision.Events]);
        return decision;
    }

    /// <summary>What creations of one name, as read, take turns on.</summary>
    public static string NameKey(string displayName) => $"account-name|{AsRead(displayName)}";

    /// <summary>What an activation code's hash is for (SecondFactor.NewCode and CodeHash).</summary>
    public const string ActivationPurpose = "activation";
}
