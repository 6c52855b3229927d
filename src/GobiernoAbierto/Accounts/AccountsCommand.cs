using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace GobiernoAbierto.Accounts;

/// <summary>
/// `accounts`: what the server's operator does from a shell. `create-admin` makes an administrator account (the first
/// one, or another when none can sign in) and prints its activation sheet; `ieeq-code` gives the IEEQ's code for an
/// account of its roles when no IEEQ auditor can (IeeqCode); `code` prints the current six-digit code of a TOTP key (for
/// the development accounts, whose keys are public).
/// </summary>
public static class AccountsCommand
{
    public const string Usage = """
        Uso:
          accounts create-admin --user USUARIO --name "NOMBRE COMPLETO"
              Crea una cuenta de administración de cuentas y muestra su código de activación (una sola vez).
              Usa la configuración del servicio (variables de entorno; appsettings*.json del directorio del servicio):
                en una máquina de desarrollo, ASPNETCORE_ENVIRONMENT=Development y
                  ConnectionStrings__GobiernoAbierto="$(deploy/local/ensure-postgres.sh)", con
                  dotnet run --project src/GobiernoAbierto -c Release -- accounts create-admin …;
                en producción, las mismas variables que el servicio (ConnectionStrings__GobiernoAbierto,
                  Voting__VoterKeySecret…; README.md, «Configuración de producción»).
          accounts ieeq-code --user USUARIO
              Muestra (una sola vez) el código del IEEQ de una cuenta de auditoría o de la autoridad de credenciales por
              activar: el segundo código con que se activa, además del de su hoja de activación. Es para la primera cuenta
              de auditoría, o cuando ya no hay ninguna activa (deshabilite antes las que nadie puede usar): mientras haya
              una, la Auditoría del IEEQ da ese código en su mesa. Se entrega en persona, delante del IEEQ; la mesa de
              auditoría muestra que se dio en el servidor. Misma configuración que create-admin.
          accounts code CLAVE
              Muestra el código de 6 dígitos de ahora para una clave TOTP (base32), p. ej. las de las cuentas de desarrollo.
        Código de salida: 0 hecho, 1 rechazado por las reglas, 2 uso incorrecto o no se pudo hacer (configuración, base de datos).
        """;

    public const string CreatedBy = "comando accounts create-admin (servidor)";

    /// <summary>
    /// The subcommands that need no database, and the arguments of create-admin and ieeq-code, checked before any configuration is
    /// read; null when create-admin or ieeq-code may go on to CheckConfiguration and RunAsync.
    /// </summary>
    public static int? RunOffline(string[] args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        switch (args)
        {
            case ["--help" or "-h" or "help"] or ["create-admin" or "ieeq-code" or "code", "--help" or "-h" or "help"]:
                output.WriteLine(Usage);
                return 0;
            case ["code", var secret]:
                try
                {
                    // A key of a few characters gave a code as if it were one (an outside tester typed «XYZ»): the keys the
                    // activation page shows are 32 characters, and a TOTP key is at least 128 bits (RFC 4226).
                    var key = Base32Encoding.ToBytes(secret.Replace(" ", ""));
                    if (key.Length < 16)
                    {
                        error.WriteLine("La clave es demasiado corta: una clave de autenticación tiene al menos 26 caracteres base32 (la página de activación muestra 32).");
                        return 2;
                    }
                    output.WriteLine(new Totp(key).ComputeTotp(clock.GetUtcNow().UtcDateTime));
                    return 0;
                }
                catch (ArgumentException)
                {
                    error.WriteLine("La clave no es base32 (letras A-Z y dígitos 2-7).");
                    return 2;
                }
            case ["create-admin", .. var createArgs]:
                return AdminToCreate(createArgs, error) is null ? 2 : null;
            case ["ieeq-code", .. var codeArgs]:
                return AccountForIeeqCode(codeArgs, error) is null ? 2 : null;
            // Only the action is repeated, never what follows it: a key pasted in its groups (code ABCD EFGH …) would be
            // written back whole to the terminal's history and the logs.
            case ["code", ..]:
                error.WriteLine((args.Length == 1 ? "Falta la clave: accounts code CLAVE." : "code lleva una sola clave: escríbala entre comillas si la copió con espacios.") +
                    Environment.NewLine + Environment.NewLine + Usage);
                return 2;
            default:
                error.WriteLine((args.Length == 0 ? "Falta la acción de accounts." : $"«{args[0]}» no es una acción de accounts.") +
                    Environment.NewLine + Environment.NewLine + Usage);
                return 2;
        }
    }

    /// <summary>
    /// create-admin's configuration is the service's: what the service would refuse to start with (ProductionChecks; in
    /// Development and Testing, a missing connection string or voter-key secret), printed in Spanish with how to set
    /// it; exit code 2. Null when it will do.
    /// </summary>
    public static int? CheckConfiguration(IConfiguration configuration, IHostEnvironment environment, TextWriter error, string command = "create-admin") =>
        ProductionChecks.Report(configuration, environment, error,
            $"accounts {command} no puede usar esta configuración (entorno «{environment.EnvironmentName}»); el servicio tampoco arrancaría con ella:",
            """
              - En una máquina de desarrollo, con la base de ./run.sh, desde la raíz del repositorio:
                  export ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__GobiernoAbierto="$(deploy/local/ensure-postgres.sh)"
                  dotnet run --project src/GobiernoAbierto -c Release -- accounts create-admin --user ana.admin --name "Ana Administradora"
              - En producción, con las mismas variables que el servicio (README.md, «Configuración de producción»);
                en la imagen de contenedor: docker compose -f deploy/compose.yaml run --rm service accounts create-admin …
            """);

    private static CreateAccount? AdminToCreate(string[] args, TextWriter error)
    {
        if (Options(args, ["--user", "--name"], error) is not { } options) return null;
        var command = new CreateAccount(options.GetValueOrDefault("--user", "").Trim().ToLowerInvariant(), options.GetValueOrDefault("--name", ""), Roles.Administrator);
        // What the console's form refuses before its validator (ConsolePage.Validate) is refused here too: the command line
        // made an administrator named «Ana\uFFFFRuiz» (a noncharacter), or only accents on nothing, that the form refuses.
        var problems = Hosting.RequestValidation.FindFlaws(command).Select(f => $"{(f.Path == nameof(CreateAccount.UserName) ? "--user" : "--name")}: {f.FieldMessage}")
            .Concat(new CreateAccountValidator().Validate(command).Errors.Select(e => e.ErrorMessage)).Distinct().ToList();
        if (problems.Count == 0) return command;
        error.WriteLine(string.Join(Environment.NewLine, problems) + Environment.NewLine + Usage);
        return null;
    }

    private static string? AccountForIeeqCode(string[] args, TextWriter error)
    {
        if (Options(args, ["--user"], error) is not { } options) return null;
        var user = options.GetValueOrDefault("--user", "").Trim().ToLowerInvariant();
        if (CreateAccountValidator.UserNamePattern().IsMatch(user)) return user;
        error.WriteLine("Indique el usuario de la cuenta (--user), como está en su hoja de activación." + Environment.NewLine + Usage);
        return null;
    }

    /// <summary>
    /// The options by name (`--user ana` or `--user=ana`); null, said why, for anything else. An option the command does
    /// not take was ignored and the account made anyway (an operator who typed `--role staff` got an administrator).
    /// </summary>
    private static Dictionary<string, string>? Options(string[] args, string[] known, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        string? wrong = null;
        for (var i = 0; i < args.Length && wrong is null; i++)
        {
            var (name, value) = args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (!name.StartsWith("--", StringComparison.Ordinal))
                wrong = $"«{args[i]}» no es una opción: las opciones empiezan con --; un nombre con espacios va entre comillas (--name \"Ana Administradora\").";
            else if (!known.Contains(name))
                wrong = $"Opción desconocida: {name}. Esta acción toma solo {string.Join(" y ", known)}." + (name == "--role"
                    ? " create-admin crea siempre una cuenta de administración de cuentas; las de personal, IEEQ, credenciales y comité se crean en /consola/cuentas."
                    : "");
            else if (options.ContainsKey(name))
                wrong = $"{name} se dio dos veces.";
            else if (value is null && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                wrong = $"Falta el valor de {name}.";
            else
                options[name] = value ?? args[++i];
        }
        if (wrong is null) return options;
        error.WriteLine(wrong + Environment.NewLine + Environment.NewLine + Usage);
        return null;
    }

    /// <summary>`accounts create-admin` or `accounts ieeq-code`, with the service's container; exit code as Usage says.</summary>
    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        try
        {
            // The codes it prints are sealed with keys from the secret: with another one than the service's they would
            // fail at activation, and the user name would be taken by an account nobody can activate.
            await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await ActivatorUtilities.CreateInstance<Ballots.SecretCheck>(services).StartAsync(CancellationToken.None);
            return args switch
            {
                ["create-admin", .. var createArgs] => AdminToCreate(createArgs, error) is { } command ? await CreateAdminAsync(command, services, output, error) : 2,
                ["ieeq-code", .. var codeArgs] => AccountForIeeqCode(codeArgs, error) is { } user ? await GiveIeeqCodeAsync(user, services, output, error) : 2,
                _ => 2,
            };
        }
        catch (Ballots.WrongSecretException)
        {
            await error.WriteLineAsync($"accounts {args[0]} no se hizo ({(args[0] == "create-admin" ? "no se creó ninguna cuenta" : "no se dio ningún código")}): " +
                Ballots.WrongSecretException.Why);
            return 2;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException || e.InnerException is Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"accounts {args[0]} no pudo usar PostgreSQL con ConnectionStrings__GobiernoAbierto " +
                $"({(e as Npgsql.NpgsqlException ?? e.InnerException)!.Message}). Revise que PostgreSQL responda en esa dirección y que el " +
                $"usuario y la contraseña sean los de la base; {(args[0] == "create-admin" ? "no se creó ninguna cuenta" : "no se guardó nada")}.");
            return 2;
        }
    }

    private static async Task<int> GiveIeeqCodeAsync(string userName, IServiceProvider services, TextWriter output, TextWriter error)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        Account? found;
        int activeAuditors;
        await using (var session = store.QuerySession())
        {
            found = await session.Query<Account>().FirstOrDefaultAsync(a => a.UserName == userName);
            activeAuditors = (await session.Query<Account>().Where(a => a.Role == Roles.Auditor).ToListAsync())
                .Count(a => a.Status == AccountStatus.Active);
        }
        if (found is null)
        {
            await error.WriteLineAsync($"No hay ninguna cuenta con el usuario «{userName}».");
            return 1;
        }
        if (activeAuditors > 0)
        {
            await error.WriteLineAsync($"Hay {Counted.Of(activeAuditors, "cuenta de auditoría activa", "cuentas de auditoría activas")}: el código del IEEQ " +
                "lo da una de ellas en la mesa de auditoría (/consola/auditoria). Si nadie puede usarlas, deshabilítelas antes en /consola/cuentas.");
            return 1;
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var code = "";
        if (await services.GetRequiredService<Hosting.StreamWrites>().DecideAsync<Account>(found.Id, account =>
            {
                (code, var hash) = services.GetRequiredService<SecondFactor>().NewCode(IeeqCode.Purpose, account.Id, account.Role, now + CreateAccountRules.ActivationLifetime);
                return IeeqCode.Give(account, hash, null, IeeqCode.ByServer, now);
            }, CancellationToken.None, exclusive: true) is { } refusal)
        {
            await error.WriteLineAsync(refusal.Detail);
            return 1;
        }
        await output.WriteLineAsync($"""
            Código del IEEQ para {found.DisplayName} ({found.UserName}): {code}
              Vence: {QueretaroTime.Format(now + CreateAccountRules.ActivationLifetime)} (hora del centro de México)
            Entréguelo solo a esa persona, en persona y delante del IEEQ. Al activar su cuenta lo escribe junto con el código
            de su hoja de activación. Este código no se vuelve a mostrar; la mesa de auditoría muestra que se dio en el servidor.
            """);
        return 0;
    }

    private static async Task<int> CreateAdminAsync(CreateAccount command, IServiceProvider services, TextWriter output, TextWriter error)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var id = Guid.CreateVersion7();
        var (code, hash) = services.GetRequiredService<SecondFactor>().NewCode(CreateAccountRules.ActivationPurpose, id, command.Role,
            now + CreateAccountRules.ActivationLifetime);
        await using var session = store.LightweightSession();
        // As the accounts page decides: a name another account has is refused here too (display_name_taken).
        var decision = await CreateAccountRules.StartAsync(session, command, id, hash, CreatedBy, now,
            services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions>>().CurrentValue.Keys.Select(k => k.Name),
            CancellationToken.None);
        if (decision.Rejection is { } rejection)
        {
            // The detail is a sentence of its own; with the title before it, «Ese usuario ya existe: Ya hay una cuenta con ese usuario.»
            await error.WriteLineAsync(rejection.Detail);
            return 1;
        }
        await session.SaveChangesAsync();

        var created = (AccountCreated)decision.Events[0];
        // Every address the service hands out starts with the public origin, when there is one (README, Hosting__PublicOrigin).
        var activation = Hosting.PublicHosting.Read(services.GetRequiredService<IConfiguration>()).HttpsOrigin is { } origin
            ? new Uri(origin, "consola/activar").AbsoluteUri
            : "/consola/activar en el servicio";
        await output.WriteLineAsync($"""
            Cuenta de administración creada para {created.DisplayName}.
              Usuario:              {created.UserName}
              Código de activación: {code}
              Vence:                {QueretaroTime.Format(created.ActivationExpiresAt)} (hora del centro de México)
            Entréguelo solo a esa persona. Para activarla: abra {activation}, escriba el usuario y el código,
            elija una contraseña y registre su aplicación de autenticación. Este código no se vuelve a mostrar.
            """);
        return 0;
    }

    /// <summary>
    /// The development accounts of Seed:Accounts, active from the start with their configured password and TOTP key,
    /// made through the same decisions as a real account's creation, the IEEQ's code for its roles, and activation.
    /// </summary>
    public static async Task SeedAsync(IDocumentStore store, IReadOnlyList<Seed.SampleAccount> accounts, SecondFactor secondFactor,
        PasswordHasher<Account> hasher, DateTimeOffset now, CancellationToken cancellation)
    {
        foreach (var sample in accounts)
        {
            await using var session = store.LightweightSession();
            if (await session.Query<Account>().AnyAsync(a => a.UserName == sample.UserName, cancellation)) continue;
            var id = Guid.CreateVersion7();
            var (_, activationHash) = secondFactor.NewCode(CreateAccountRules.ActivationPurpose, id, sample.Role, now + CreateAccountRules.ActivationLifetime);
            var created = CreateAccountRules.Decide(new CreateAccount(sample.UserName, sample.DisplayName, sample.Role), id, false, activationHash,
                Seed.SampleSteps.AccountsBy, now);
            var account = Account.Create((AccountCreated)created.Events[0]);
            var secret = Base32Encoding.ToBytes(sample.TotpSecret);
            var currentStep = now.ToUnixTimeSeconds() / 30;
            var (ieeqCode, ieeqHash) = secondFactor.NewCode(IeeqCode.Purpose, id, sample.Role, now + CreateAccountRules.ActivationLifetime);
            var ieeq = IeeqCode.Needed(sample.Role) ? IeeqCode.Give(account, ieeqHash, null, Seed.SampleSteps.IeeqBy, now) : Decision.Accept();
            if (ieeq.Rejection is { } refused) throw Seed.SampleSteps.Refused($"account {sample.UserName}", refused);
            account = ieeq.Events.Aggregate(account, (a, e) => a.Apply((IeeqCodeGiven)e));
            var activated = ActivateAccountRules.Decide(account, activationHash, secondFactor.IeeqCodeHash(account, ieeqCode),
                hasher.HashPassword(account, sample.Password), secondFactor.Seal(secret, account), currentStep - 1, now); // one step back: the code on screen now still signs in
            if (activated.Rejection is { } rejection) throw Seed.SampleSteps.Refused($"account {sample.UserName}", rejection);
            session.Events.StartStream<Account>(id, [.. created.Events, .. ieeq.Events, .. activated.Events]);
            await session.SaveChangesAsync(cancellation);
        }
    }
}
