using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace GobiernoAbierto.Accounts;

/// <summary>
/// `accounts`: what the server's operator does from a shell. `create-admin` makes an administrator account (the first
/// one, or another when none can sign in) and prints its activation sheet; `code` prints the current six-digit code
/// of a TOTP key (for the development accounts, whose keys are public).
/// </summary>
public static class AccountsCommand
{
    public const string Usage = """
        Uso:
          accounts create-admin --user USUARIO --name "NOMBRE COMPLETO"
              Crea una cuenta de administración de cuentas y muestra su código de activación (una sola vez).
              Usa la misma configuración que el servicio (ConnectionStrings__GobiernoAbierto, Voting__VoterKeySecret…).
          accounts code CLAVE
              Muestra el código de 6 dígitos de ahora para una clave TOTP (base32), p. ej. las de las cuentas de desarrollo.
        Código de salida: 0 hecho, 1 rechazado por las reglas, 2 uso incorrecto.
        """;

    public const string CreatedBy = "comando accounts create-admin (servidor)";

    /// <summary>The subcommands that need no database.</summary>
    public static int? RunOffline(string[] args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        switch (args)
        {
            case ["code", var secret]:
                try
                {
                    output.WriteLine(new Totp(Base32Encoding.ToBytes(secret.Replace(" ", ""))).ComputeTotp(clock.GetUtcNow().UtcDateTime));
                    return 0;
                }
                catch (ArgumentException)
                {
                    error.WriteLine("La clave no es base32 (letras A-Z y dígitos 2-7).");
                    return 2;
                }
            case ["create-admin", ..]:
                return null;
            default:
                error.WriteLine(Usage);
                return 2;
        }
    }

    public static async Task<int> CreateAdminAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var command = new CreateAccount((Option("--user") ?? "").Trim().ToLowerInvariant(), Option("--name") ?? "", Roles.Administrator);
        if (new CreateAccountValidator().Validate(command) is { IsValid: false } invalid)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, invalid.Errors.Select(e => e.ErrorMessage)) + Environment.NewLine + Usage);
            return 2;
        }

        var store = services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (code, hash) = CreateAccountRules.NewActivationCode();
        var id = Guid.CreateVersion7();
        await using var session = store.LightweightSession();
        var taken = await session.Query<Account>().AnyAsync(a => a.UserName == command.UserName);
        var decision = CreateAccountRules.Decide(command, id, taken, hash, CreatedBy, now);
        if (decision.Rejection is { } rejection)
        {
            await error.WriteLineAsync($"{rejection.Title}: {rejection.Detail}");
            return 1;
        }
        session.Events.StartStream<Account>(id, [.. decision.Events]);
        await session.SaveChangesAsync();

        var created = (AccountCreated)decision.Events[0];
        await output.WriteLineAsync($"""
            Cuenta de administración creada para {created.DisplayName}.
              Usuario:              {created.UserName}
              Código de activación: {code}
              Vence:                {QueretaroTime.Format(created.ActivationExpiresAt)} (hora del centro de México)
            Entréguelo solo a esa persona. Para activarla: abra /consola/activar en el servicio, escriba el usuario y el código,
            elija una contraseña y registre su aplicación de autenticación. Este código no se vuelve a mostrar.
            """);
        return 0;
    }

    /// <summary>
    /// The development accounts of Seed:Accounts, active from the start with their configured password and TOTP key,
    /// made through the same decisions as a real account's creation and activation.
    /// </summary>
    public static async Task SeedAsync(IDocumentStore store, IReadOnlyList<Seed.SampleAccount> accounts, SecondFactor secondFactor,
        PasswordHasher<Account> hasher, DateTimeOffset now, CancellationToken cancellation)
    {
        foreach (var sample in accounts)
        {
            await using var session = store.LightweightSession();
            if (await session.Query<Account>().AnyAsync(a => a.UserName == sample.UserName, cancellation)) continue;
            var id = Guid.CreateVersion7();
            var (_, activationHash) = CreateAccountRules.NewActivationCode();
            var created = CreateAccountRules.Decide(new CreateAccount(sample.UserName, sample.DisplayName, sample.Role), id, false, activationHash,
                Seed.SampleSteps.By, now);
            var account = Account.Create((AccountCreated)created.Events[0]);
            var secret = Base32Encoding.ToBytes(sample.TotpSecret);
            var currentStep = now.ToUnixTimeSeconds() / 30;
            var activated = ActivateAccountRules.Decide(account, activationHash, hasher.HashPassword(account, sample.Password),
                secondFactor.Seal(secret), currentStep - 1, now); // one step back: the code on screen now still signs in
            if (activated.Rejection is { } rejection) throw Seed.SampleSteps.Refused($"account {sample.UserName}", rejection);
            session.Events.StartStream<Account>(id, [.. created.Events, .. activated.Events]);
            await session.SaveChangesAsync(cancellation);
        }
    }
}
