using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[AllowAnonymous]
public sealed class SignInPage(IDocumentStore store, PasswordHasher<Account> hasher, SecondFactor secondFactor, TimeProvider clock,
    FailedConsoleSignIns failures, UnknownUserNames unknownNames, ILogger<SignInPage> logger) : Hosting.Console.ConsolePage
{
    private static readonly Account NoOne = new();
    private static readonly string NoOnesHash = new PasswordHasher<Account>().HashPassword(NoOne, Guid.NewGuid().ToString());

    [BindProperty]
    public SignIn Form { get; set; } = new("", "", "");

    [FromQuery(Name = "volver")]
    public string? ReturnTo { get; set; }

    /// <summary>Why this browser's last session ended, when it just did (ConsoleSignIn.EndedCookie), said once.</summary>
    public string? SessionEnded { get; private set; }

    public void OnGet()
    {
        SessionEnded = ConsoleSignIn.WhyEnded(Request.Cookies[ConsoleSignIn.EndedCookie]);
        if (SessionEnded is not null) Response.Cookies.Delete(ConsoleSignIn.EndedCookie, new CookieOptions { Path = ConsoleSignIn.SignInPath });
    }

    /// <summary>
    /// A failure counts against the address: wrong answers, and attempts on a locked account too (each costs a password
    /// hash and the account's row lock, and hammering one is what an attacker does).
    /// </summary>
    private Rejection Counted(Rejection refusal)
    {
        if (refusal == SignInRules.Refused || refusal.Code == SignInRules.LockedCode) failures.Count(HttpContext);
        Hosting.VotingMetrics.ConsoleSignIn(refusal == SignInRules.Refused ? "refused" : refusal.Code == SignInRules.LockedCode ? "locked"
            : refusal == SignInRules.Disabled ? "disabled" : refusal == RateLimits.TooMany ? "throttled" : "other");
        return refusal;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        // Past its failures for the minute, an address is not even told whether the password was right.
        if (failures.Exhausted(HttpContext))
        {
            Hosting.VotingMetrics.ConsoleSignIn("throttled");
            return Refuse(RateLimits.TooMany);
        }
        // «Entrar» on an empty form is no failed attempt: it is told what is missing, and nothing is counted.
        if (!Validate(Form with { UserName = Form.UserName?.Trim() ?? "", TotpCode = Form.TotpCode?.Trim() ?? "" }, nameof(Form)))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var userName = (Form.UserName ?? "").Trim().ToLowerInvariant();
        // The address the rate limits count (forwarded headers, Program.cs): tries from browsers the person never used lock
        // that address only, so someone who knows her user name cannot keep her out of new browsers from where she is.
        var address = secondFactor.AddressKey(userName, HttpContext.Connection.RemoteIpAddress);
        await using var session = store.LightweightSession();
        var found = await session.Query<Account>().FirstOrDefaultAsync(a => a.UserName == userName, cancellation);
        if (found is null)
        {
            hasher.VerifyHashedPassword(NoOne, NoOnesHash, Form.Password ?? ""); // as long as for a real account: no timing tells
            return Refuse(Counted(await unknownNames.AttemptAsync(userName, address, cancellation)));
        }

        // Attempts on one account in turn: the lockout counts every one, and a code is accepted once.
        var stream = await session.Events.FetchForExclusiveWriting<Account>(found.Id, cancellation);
        var account = stream.Aggregate!;
        var now = clock.GetUtcNow();
        var passwordMatches = false;
        if (account.PasswordHash is { } hash)
            passwordMatches = hasher.VerifyHashedPassword(account, hash, Form.Password ?? "") != PasswordVerificationResult.Failed;
        else
            hasher.VerifyHashedPassword(NoOne, NoOnesHash, Form.Password ?? ""); // not activated yet: as long as a real check, or its quick answer tells it apart
        var step = passwordMatches && account.SealedTotpSecret is { } sealedSecret && secondFactor.Open(sealedSecret, account) is { } secret
            ? secondFactor.Match(secret, Form.TotpCode)
            : null;
        var device = KnownDevice.NewId();
        var outcome = SignInRules.Decide(account, passwordMatches, step, now, KnownDevice.Hash(KnownDevice.IdOf(Request)), KnownDevice.Hash(device), address);
        stream.AppendMany(outcome.Events);
        await session.SaveChangesAsync(cancellation);

        // The attempt that locks an account is what operators should hear of: the person may be locked out of new browsers
        // by someone who only knows the user name (README, «Observabilidad»). The account's id only, never its user name.
        // A lock from one address is what anyone who knows the user name can do, and it keeps no one elsewhere out: the
        // metric counts it apart from the ceiling over all addresses (new_devices_every_address), which does.
        if (outcome.Events.OfType<SignInFailed>().FirstOrDefault() is { } failed
            && account.Apply(failed).LockFor(failed.KnownDeviceHash, failed.AddressKey, now) is { } lockout)
        {
            var devices = failed.KnownDeviceHash is not null ? "known_device" : lockout.AllAddresses ? "new_devices_every_address" : "new_devices";
            Hosting.VotingMetrics.ConsoleLockout(devices);
            logger.LogWarning("Console account {AccountId} locked until {LockedUntil:O} for {Devices} after {Failures} failed sign-ins",
                account.Id, lockout.Until, devices switch
                {
                    "known_device" => "one of its browsers",
                    "new_devices" => "browsers it never signed in from, at one address",
                    _ => "every browser it never signed in from, at any address",
                }, lockout.AllAddresses ? Account.NewDeviceFailuresBeforeLockout : Account.FailuresBeforeLockout);
        }
        if (outcome.Refusal is { } refusal) return Refuse(Counted(refusal));
        Hosting.VotingMetrics.ConsoleSignIn("signed_in");
        KnownDevice.Remember(Response, device);
        await HttpContext.SignInAsync(ConsoleSignIn.Scheme, ConsoleSignIn.PrincipalOf(account, now));
        return LocalRedirect(Url.IsLocalUrl(ReturnTo) && ReturnTo!.StartsWith("/consola", StringComparison.Ordinal) ? ReturnTo : "/consola");
    }
}
