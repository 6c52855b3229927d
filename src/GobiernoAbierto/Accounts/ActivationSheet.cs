namespace GobiernoAbierto.Accounts;

/// <summary>What the administrator hands the person: user name, the activation code (shown this once) and where to use it.</summary>
public sealed record ActivationSheet(string DisplayName, string UserName, string Role, string Code, DateTimeOffset ExpiresAt, string ActivationUrl)
{
    public ActivationSheet(string displayName, string userName, string role, string code, DateTimeOffset expiresAt, HttpRequest request)
        : this(displayName, userName, role, code, expiresAt, new Uri(request.HttpContext.RequestServices.GetRequiredService<Hosting.PublicHosting>().SiteFor(request), "consola/activar").AbsoluteUri) { }

    public static string StatusLabel(Account account, DateTimeOffset now) => account.Status switch
    {
        AccountStatus.AwaitingActivation when IeeqCode.Needed(account.Role) && account.IeeqCodeHash is null =>
            "Por activar; espera el código que la Auditoría del IEEQ da a la persona",
        AccountStatus.AwaitingActivation => "Por activar",
        // Who, when and why, where the account is looked at (its page, the list, the IEEQ's desk), not only in the log.
        AccountStatus.Disabled when account is { DisabledAt: { } at, DisabledBy: { } by } =>
            $"Deshabilitada el {QueretaroTime.Format(at)} (hora del centro de México) por {by}: «{account.DisabledReason}»",
        AccountStatus.Disabled => "Deshabilitada",
        // Until when, and that it ends by itself: with no time given, an administrator would issue a new activation code,
        // which discards the person's password and authenticator for nothing.
        // Someone tried the user name elsewhere: the person still signs in from their own browsers, so nothing to do but know.
        _ when new[] { account.NewDeviceFailures.LockedUntil, account.NewDevicesLockedUntil }.Where(u => u > now).Max() is { } until =>
            $"Activa; bloqueada para equipos nuevos hasta las {QueretaroTime.Format(until)[11..]} (hora del centro de México) por intentos fallidos " +
            "desde equipos donde la persona no ha iniciado sesión; desde los suyos entra. Se desbloquea sola, sin código nuevo",
        // Someone tried it from one address: only that address is locked, for browsers the person never used.
        _ when account.NewDeviceAddresses.Select(a => a.Failures.LockedUntil).Where(u => u > now).Max() is { } until =>
            $"Activa; bloqueada para equipos nuevos desde una red hasta las {QueretaroTime.Format(until)[11..]} (hora del centro de México) por " +
            "intentos fallidos desde ella; desde otras redes y desde sus equipos entra. Se desbloquea sola, sin código nuevo",
        _ when account.KnownDevices.Select(d => d.Failures.LockedUntil).Where(u => u > now).Max() is { } until =>
            $"Activa; bloqueada en uno de sus equipos hasta las {QueretaroTime.Format(until)[11..]} (hora del centro de México) por intentos " +
            "fallidos en él; se desbloquea sola, sin código nuevo",
        _ => "Activa",
    };
}
