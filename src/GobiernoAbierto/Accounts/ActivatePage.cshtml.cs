using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[AllowAnonymous]
public sealed class ActivatePage(IDocumentStore store, PasswordHasher<Account> hasher, SecondFactor secondFactor, TimeProvider clock,
    FailedConsoleSignIns failures) : Hosting.Console.ConsolePage
{
    /// <param name="NeedsIeeqCode">An account of the IEEQ's roles: the form asks for the code the IEEQ gave the person too.</param>
    public sealed record EnrolmentView(string DisplayName, string QrDataUrl, string ReadableSecret, bool NeedsIeeqCode);

    [BindProperty]
    public ActivateAccount Form { get; set; } = new("", "", "", "", "");

    /// <summary>The enrolment page's secret, sealed (SecondFactor.SealForEnrolment): drawn anew each time the page is opened.</summary>
    [BindProperty]
    public string? EnrolmentSecret { get; set; }

    public EnrolmentView? Enrolment { get; private set; }

    public static readonly Rejection EnrolmentLost = new("enrolment_restart", "Vuelva a empezar la activación",
        "La página de activación no trajo la clave de su aplicación. Escriba otra vez su usuario y su código de activación, y lea el código QR nuevo.",
        StatusCodes.Status400BadRequest);

    public void OnGet() { }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellation)
    {
        if (failures.Exhausted(HttpContext)) return Refuse(RateLimits.TooMany);
        var account = await FindAsync(cancellation);
        var hash = account is null ? "" : secondFactor.ActivationHash(account, Form.ActivationCode);
        var refusal = account is null ? ActivateAccountRules.InvalidActivation : ActivateAccountRules.Check(account, hash, clock.GetUtcNow());
        if (refusal is not null)
        {
            if (ActivateAccountRules.IsGuess(refusal)) failures.Count(HttpContext);
            return Refuse(refusal);
        }
        var secret = SecondFactor.NewSecret();
        EnrolmentSecret = secondFactor.SealForEnrolment(secret, account!.Id, hash);
        Enrolment = EnrolmentOf(account, secret);
        return Page();
    }

    public async Task<IActionResult> OnPostActivateAsync(CancellationToken cancellation)
    {
        if (failures.Exhausted(HttpContext)) return Refuse(RateLimits.TooMany);
        var found = await FindAsync(cancellation);
        var hash = found is null ? "" : secondFactor.ActivationHash(found, Form.ActivationCode);
        if (found is null || found.ActivationHash != hash)
        {
            failures.Count(HttpContext);
            return Refuse(ActivateAccountRules.InvalidActivation);
        }
        if (secondFactor.OpenEnrolment(EnrolmentSecret, found.Id, hash) is not { } secret) return Refuse(EnrolmentLost);
        Enrolment = EnrolmentOf(found, secret);
        var valid = Validate(Form, nameof(Form));
        // An empty field is no guess at the IEEQ's code: said beside it, and the address keeps its attempts.
        if (Enrolment.NeedsIeeqCode && string.IsNullOrWhiteSpace(Form.IeeqCode))
        {
            OnlyError("Form.IeeqCode", "Escriba el código que le dio en persona la Auditoría del IEEQ (16 letras y números).");
            valid = false;
        }
        if (!valid) return Page();

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForExclusiveWriting<Account>(found.Id, cancellation);
        var account = stream.Aggregate!;
        var decision = ActivateAccountRules.Decide(account, hash, secondFactor.IeeqCodeHash(account, Form.IeeqCode), hasher.HashPassword(account, Form.Password),
            secondFactor.Seal(secret, account), secondFactor.Match(secret, Form.TotpCode), clock.GetUtcNow());
        if (decision.Rejection is { } rejection)
        {
            if (ActivateAccountRules.IsGuess(rejection)) failures.Count(HttpContext);
            return Refuse(rejection, rejection == ActivateAccountRules.WrongTotp ? "Form.TotpCode" : rejection == IeeqCode.Wrong ? "Form.IeeqCode" : null);
        }
        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(cancellation);
        Done = "Su cuenta está activa. Entre con su usuario, su contraseña y un código nuevo de la aplicación.";
        return Redirect(ConsoleSignIn.SignInPath);
    }

    private async Task<Account?> FindAsync(CancellationToken cancellation)
    {
        var userName = (Form.UserName ?? "").Trim().ToLowerInvariant();
        await using var session = store.QuerySession();
        return await session.Query<Account>().FirstOrDefaultAsync(a => a.UserName == userName, cancellation);
    }

    private static EnrolmentView EnrolmentOf(Account account, byte[] secret)
    {
        return new EnrolmentView(account.DisplayName, Hosting.Console.QrImage.DataUrl(SecondFactor.EnrolmentUri(secret, account.UserName)),
            SecondFactor.Readable(secret), IeeqCode.Needed(account.Role));
    }
}
