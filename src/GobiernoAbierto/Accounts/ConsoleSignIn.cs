using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GobiernoAbierto.Accounts;

/// <summary>
/// The consoles' sessions: a cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS) for a person who signed in with
/// password and code. Every request re-reads the account, so disabling it or reissuing its activation ends its
/// sessions at once, for good (a session belongs to one activation: Account.Activations), and signing out ends that
/// session everywhere (a copy of its cookie opens nothing either); a session idles out after 30 minutes and lasts at
/// most 10 hours (a voting day). The API keeps its bearer credentials: the cookie opens only the console pages.
/// </summary>
public static class ConsoleSignIn
{
    public const string Scheme = "Consola";
    public const string SignInPath = "/consola/entrar";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan LongestSession = TimeSpan.FromHours(10);

    public static AuthenticationBuilder AddConsoleSignIn(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "ga_consola";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            o.LogoutPath = "/consola/salir";
            o.AccessDeniedPath = "/consola/sin-permiso";
            o.ReturnUrlParameter = "volver";
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = StillValidAsync;
            // A dashboard's automatic refresh is the page, not the person: it kept a session left open on a shared
            // computer alive for the whole 10 hours (an outside tester's). Only what a person does renews the 30 minutes.
            o.Events.OnCheckSlidingExpiration = context =>
            {
                if (context.Request.Headers.ContainsKey(AutomaticRefreshHeader)) context.ShouldRenew = false;
                return Task.CompletedTask;
            };
        });

    /// <summary>Sent by consola.js with a dashboard's periodic refresh (a header a page cannot be made to send cross-site).</summary>
    public const string AutomaticRefreshHeader = "X-Automatic-Refresh";

    private const string SignedInAtClaim = "ga:signed_in_at";
    private const string ActivationClaim = "ga:activation"; // Account.Activations when the session began; absent before it was kept: 0

    public static ClaimsPrincipal PrincipalOf(Account account, DateTimeOffset signedInAt) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
        new Claim(ClaimTypes.Name, account.Actor),
        new Claim(ClaimTypes.Role, account.Role),
        new Claim(SignedInAtClaim, signedInAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ActivationClaim, account.Activations.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ], Scheme));

    public static Guid? AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>When the session of this cookie began (its identity among the account's sessions).</summary>
    public static DateTimeOffset? SessionSignedInAt(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SignedInAtClaim), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static async Task StillValidAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        Account? account;
        try
        {
            account = context.Principal?.AccountId() is { } id
                ? await services.GetRequiredService<IQuerySession>().LoadAsync<Account>(id, context.HttpContext.RequestAborted)
                : null;
        }
        catch (Exception e) when (context.HttpContext.Request.Path.StartsWithSegments("/consola/error") && Hosting.ProblemExceptionHandler.IsDatabaseFailure(e))
        {
            // The page that says the database does not answer cannot check the account either: it shows as to someone not
            // signed in, and the session stays (no sign-out for an outage). Every other page fails here into that page.
            context.RejectPrincipal();
            return;
        }
        var principal = context.Principal!;
        var activation = principal.FindFirstValue(ActivationClaim) is { } claimed ? int.TryParse(claimed, out var n) ? n : -1 : 0;
        var ended = account is null || principal.SessionSignedInAt() is not { } signedIn || !principal.IsInRole(account.Role)
            ? SessionEnd.AccountChanged
            : account.WhySessionEnds(activation, signedIn, now);
        if (ended is null) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
        // The sign-in page the person lands on next says why, once (a disabled account, a new activation code…): they were
        // sent back to it with nothing said.
        context.HttpContext.Response.Cookies.Append(EndedCookie, ended.Value.ToString(), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Path = SignInPath, MaxAge = TimeSpan.FromMinutes(10),
            Secure = context.HttpContext.Request.IsHttps,
        });
    }

    /// <summary>Why the last session of this browser ended (a SessionEnd name), for the sign-in page to say once.</summary>
    public const string EndedCookie = "ga_consola_fin";

    /// <summary>What the sign-in page says of a session that ended (the EndedCookie's value), or null.</summary>
    public static string? WhyEnded(string? cookie) => Enum.TryParse<SessionEnd>(cookie, out var ended) && Enum.IsDefined(ended) ? ended switch
    {
        SessionEnd.Disabled => "Su sesión terminó: la administración de cuentas deshabilitó esta cuenta.",
        SessionEnd.NewActivation => "Su sesión terminó: la administración de cuentas dio a esta cuenta un código de activación nuevo. " +
                                    "Active la cuenta con él (su contraseña y su aplicación anteriores ya no sirven).",
        SessionEnd.LongestSession => $"Su sesión terminó: duró el máximo de {LongestSession.TotalHours:0} horas. Entre de nuevo.",
        SessionEnd.SignedOut => "Esa sesión ya se había cerrado con «Cerrar sesión». Entre de nuevo.",
        _ => "Su sesión terminó porque su cuenta cambió. Entre de nuevo.",
    } : null;
}

/// <summary>A console page for people of these roles, signed in with their own account (never a bearer token).</summary>
public sealed class ForRolesAttribute : AuthorizeAttribute
{
    public ForRolesAttribute(string roles)
    {
        AuthenticationSchemes = ConsoleSignIn.Scheme;
        Roles = roles;
    }
}
