namespace GobiernoAbierto.Accounts;

public sealed record SignIn(string UserName, string Password, string TotpCode);

/// <summary>A field left empty is said beside it; nothing is checked against any account until all three are there.</summary>
public sealed class SignInValidator : AbstractValidator<SignIn>
{
    public SignInValidator()
    {
        RuleFor(s => s.UserName).NotEmpty().WithMessage("Escriba su usuario.");
        RuleFor(s => s.Password).NotEmpty().WithMessage("Escriba su contraseña.");
        RuleFor(s => s.TotpCode).NotEmpty().WithMessage("Escriba los 6 dígitos que muestra ahora su aplicación de autenticación.");
    }
}

/// <summary>What a sign-in attempt records and answers.</summary>
public sealed record SignInOutcome(IReadOnlyList<object> Events, Rejection? Refusal)
{
    public bool SignedIn => Refusal is null;
}

public static class SignInRules
{
    /// <summary>
    /// One answer for an unknown user, a wrong password and a wrong code, so nobody learns which it was: a code already
    /// used gets it too (a different answer would tell whoever saw a code over a shoulder which password is right), and it
    /// says a code serves once, which is what a person who just activated with the code on the app needs. It also names
    /// the case a person cannot guess (an administrator gave them a new activation code, which stops the old password),
    /// for everyone alike: saying it only to such an account would tell anyone who tries a name that it was reissued.
    /// </summary>
    public static readonly Rejection Refused = new("sign_in_refused", "No pudimos iniciar su sesión",
        "El usuario, la contraseña o el código de la aplicación no son correctos. Cada código sirve una sola vez: si acaba de usarlo (al " +
        "activar su cuenta o al entrar), espere a que su aplicación muestre el siguiente. Si la administración de cuentas le dio un código de " +
        "activación nuevo, su contraseña y su aplicación anteriores ya no sirven: active su cuenta de nuevo en «Active su cuenta».",
        StatusCodes.Status401Unauthorized);

    public const string LockedCode = "account_locked";

    /// <summary>
    /// Locked for browsers the person never signed in from, at this address (someone here may be trying the user name) or
    /// at every address (many failures from many addresses): the person's own browsers still get in, and the answer says
    /// so. Locked for one of the known ones: only attempts on it do that.
    /// </summary>
    public static Rejection Locked(DateTimeOffset until, bool onKnownDevice, bool allAddresses = false) => onKnownDevice
        // «en este equipo» as the other: the lock is this browser's, and another one the person uses still gets in.
        ? new(LockedCode, "Cuenta bloqueada en este equipo por unos minutos",
            $"Hubo {Account.FailuresBeforeLockout} intentos fallidos seguidos en este equipo. Podrá intentarlo de nuevo en él desde el " +
            $"{QueretaroTime.Format(until)} (hora del centro de México). Si no fue usted, avise a la administración de cuentas.",
            StatusCodes.Status429TooManyRequests)
        // The others lock every browser the person never used, on this network or on all: the title says which.
        : allAddresses
        ? new(LockedCode, "Cuenta bloqueada en equipos nuevos por unos minutos",
            "Hubo muchos intentos fallidos en equipos donde esta cuenta no ha iniciado sesión. " +
            $"Desde un equipo y navegador donde ya inició sesión con esta cuenta puede entrar ahora; desde este y otros nuevos, a partir del " +
            $"{QueretaroTime.Format(until)} (hora del centro de México). Si no fue usted, avise a la administración de cuentas.",
            StatusCodes.Status429TooManyRequests)
        : new(LockedCode, "Cuenta bloqueada en esta red por unos minutos",
            $"Hubo {Account.FailuresBeforeLockout} intentos fallidos seguidos desde esta red en equipos donde esta cuenta no ha iniciado sesión. " +
            "Desde un equipo y navegador donde ya inició sesión con esta cuenta, o desde otra red, puede entrar ahora; desde este y otros " +
            $"nuevos en esta red, a partir del {QueretaroTime.Format(until)} (hora del centro de México). Si no fue usted, avise a la " +
            "administración de cuentas.", StatusCodes.Status429TooManyRequests);

    public static readonly Rejection Disabled = new("account_disabled", "Cuenta deshabilitada",
        "Esta cuenta fue deshabilitada por la administración de cuentas.", StatusCodes.Status403Forbidden);

    /// <param name="passwordMatches">The password checked against the account's hash (PasswordHasher).</param>
    /// <param name="totpStep">The time step the code matched, or null when it matched none.</param>
    /// <param name="presentedDevice">The hash of the KnownDevice cookie the browser brought, if any.</param>
    /// <param name="newDevice">The hash of the new cookie the browser gets if it signs in (a fresh one every time, so a
    /// cookie planted in the browser beforehand never becomes one of the account's).</param>
    /// <param name="address">The key of the client address (SecondFactor.AddressKey): failures from browsers the person
    /// never used lock that address only, up to a ceiling over all of them (Account.NewDeviceFailuresBeforeLockout).</param>
    public static SignInOutcome Decide(Account account, bool passwordMatches, long? totpStep, DateTimeOffset now,
        string? presentedDevice = null, string? newDevice = null, string? address = null)
    {
        var known = account.KnownBrowserOf(presentedDevice)?.Hash;
        if (account.LockFor(known, address, now) is { } lockout) return new([], Locked(lockout.Until, known is not null, lockout.AllAddresses));
        // A code already used (or older) is refused like a wrong one: someone who saw it over a shoulder cannot reuse it.
        // An account not activated yet has no password to match; its failures count like any other, so that an unknown
        // user name (UnknownUserNames), an unactivated account and an active one lock alike and tell nothing apart.
        if (account.Status == AccountStatus.AwaitingActivation || !passwordMatches || totpStep is not { } step || step <= account.LastTotpStep)
            return new([new SignInFailed(account.Id, now, known, known is null ? address : null)], Refused);
        if (account.Disabled) return new([], Disabled);
        return new([new SignedIn(account.Id, step, now, newDevice, known, known is null ? address : null)], null);
    }
}

/// <summary>
/// Sign-in attempts on user names no account has, counted as if each were an account nobody can sign in to: after
/// five in a row the answer is the same "Cuenta bloqueada" a real account gives, so the lockout does not reveal which
/// names exist. Kept in the database like an account's failures, so that behind two balanced instances an unknown name
/// locks after as many tries as a real one (counted per instance, it took twice as many, which told names apart); under
/// a keyed hash of the name (SecondFactor.UserNameKey), never the name, which may be a password typed in the wrong box.
/// A name's tries count from nothing a quarter hour after its last, as an account's do (FailureCount.After), and are
/// deleted then (Sweeper); the address limit (FailedConsoleSignIns) still bounds how many a client may try.
/// </summary>
public sealed class UnknownUserNames(IDocumentStore store, Npgsql.NpgsqlDataSource dataSource, SecondFactor keys, TimeProvider clock)
{
    private static readonly Account NoOne = new() { Id = Guid.Empty };

    /// <summary>Counts a failed attempt on this (normalised) user name from this network (its key) and answers as an account would.</summary>
    public async Task<Rejection> AttemptAsync(string userName, string? address, CancellationToken cancellation)
    {
        var id = keys.UserNameKey(userName);
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // Tries on one name take turns, on every instance, as an account's do on its stream (two 32-bit keys: a key space
        // apart from the 64-bit advisory locks Marten's daemon takes).
        await using (var turn = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock(hashtext('unknown-user-names'), hashtext($1))", connection, transaction))
        {
            turn.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
            await turn.ExecuteNonQueryAsync(cancellation);
        }
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var now = clock.GetUtcNow();
        var held = await session.LoadAsync<UnknownUserNameTries>(id, cancellation);
        var (refusal, state) = Attempt(held is not null && now - held.LastAt < Account.LockoutDuration ? held.State : NoOne, address, now);
        session.Store(new UnknownUserNameTries(id, now, state));
        await session.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return refusal;
    }

    /// <summary>Deletes the tries on names nobody tried for a quarter hour, which count for nothing any more.</summary>
    public async Task SweepAsync(CancellationToken cancellation)
    {
        var stale = clock.GetUtcNow() - Account.LockoutDuration;
        await using var session = store.LightweightSession();
        session.DeleteWhere<UnknownUserNameTries>(t => t.LastAt <= stale);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Every five minutes, on each instance, apart from anyone's sign-in: a sweep that fails is tried at the next.</summary>
    public sealed class Sweeper(UnknownUserNames names, TimeProvider clock, ILogger<Sweeper> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await names.SweepAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogDebug("Sweeping the tries on unknown user names failed ({Reason}); the next sweep tries again.",
                        Hosting.DatabaseOutageLog.Describe(e));
                }
            }
        }
    }

    /// <summary>One failed attempt on the tries held for a name: the answer an account with those failures gives, and the tries after it.</summary>
    public static (Rejection Refusal, Account State) Attempt(Account held, string? address, DateTimeOffset now)
    {
        var outcome = SignInRules.Decide(held, passwordMatches: false, totpStep: null, now, address: address);
        return (outcome.Refusal!, outcome.Events.OfType<SignInFailed>().Aggregate(held, (a, e) => a.Apply(e)));
    }
}

/// <summary>The failed tries on a user name no account has (UnknownUserNames), as the account nobody has that they fold into.</summary>
public sealed record UnknownUserNameTries(string Id, DateTimeOffset LastAt, Account State);
