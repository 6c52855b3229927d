using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[AllowAnonymous]
public sealed class ActivatePage(IDocumentStore store, PasswordHasher<Account> hasher, SecondFactor secondFactor, TimeProvider clock,
    FailedConsoleSignIns failures) : Hosting.Console.ConsolePage
{
    public sealed record EnrolmentView(string DisplayName, string QrDataUrl, string ReadableSecret);

    [BindProperty]
    public ActivateAccount Form { get; set; } = new("", "", "", "", "");

    public EnrolmentView? Enrolment { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellation)
    {
        if (failures.Exhausted(HttpContext)) return Refuse(RateLimits.TooMany);
        var account = await FindAsync(cancellation);
        var hash = CreateAccountRules.ActivationHash(Form.ActivationCode ?? "");
        // The decision without a password or code yet: only "wrong code" or "expired" can come back from this check.
        var refusal = account is null
            ? ActivateAccountRules.InvalidActivation
            : ActivateAccountRules.Decide(account, hash, "", "", 0, clock.GetUtcNow()).Rejection;
        if (refusal is not null)
        {
            failures.Count(HttpContext);
            return Refuse(refusal);
        }
        Enrolment = EnrolmentOf(account!, hash);
        return Page();
    }

    public async Task<IActionResult> OnPostActivateAsync(CancellationToken cancellation)
    {
        if (failures.Exhausted(HttpContext)) return Refuse(RateLimits.TooMany);
        var found = await FindAsync(cancellation);
        var hash = CreateAccountRules.ActivationHash(Form.ActivationCode ?? "");
        if (found is null || found.ActivationHash != hash)
        {
            failures.Count(HttpContext);
            return Refuse(ActivateAccountRules.InvalidActivation);
        }
        Enrolment = EnrolmentOf(found, hash);
        if (!Validate(Form, nameof(Form))) return Page();

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForExclusiveWriting<Account>(found.Id, cancellation);
        var account = stream.Aggregate!;
        var secret = secondFactor.EnrolmentSecret(account.Id, hash);
        var decision = ActivateAccountRules.Decide(account, hash, hasher.HashPassword(account, Form.Password), secondFactor.Seal(secret),
            secondFactor.Match(secret, Form.TotpCode), clock.GetUtcNow());
        if (decision.Rejection is { } rejection)
            return Refuse(rejection, rejection == ActivateAccountRules.WrongTotp ? "Form.TotpCode" : null);
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

    private EnrolmentView EnrolmentOf(Account account, string activationHash)
    {
        var secret = secondFactor.EnrolmentSecret(account.Id, activationHash);
        return new EnrolmentView(account.DisplayName, Hosting.Console.QrImage.DataUrl(SecondFactor.EnrolmentUri(secret, account.UserName)),
            SecondFactor.Readable(secret));
    }
}
