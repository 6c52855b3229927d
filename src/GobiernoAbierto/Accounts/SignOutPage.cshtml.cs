using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

// The console's cookie is read here too (authorization authenticates the named scheme before AllowAnonymous lets anyone
// through): without it the request's user is the API's anonymous one, and the antiforgery token the layout issued to
// the signed-in person does not match, so the form was refused with 400 and the session stayed open.
[AllowAnonymous]
[Authorize(AuthenticationSchemes = ConsoleSignIn.Scheme)]
public sealed class SignOutPage(IDocumentStore store, TimeProvider clock, ILogger<SignOutPage> logger) : Hosting.Console.ConsolePage
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        // The browser forgets the cookie; the account remembers the session ended, so that no copy of the cookie opens it.
        await HttpContext.SignOutAsync(ConsoleSignIn.Scheme);
        if (User.AccountId() is { } id && User.SessionSignedInAt() is { } signedInAt)
        {
            try
            {
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForExclusiveWriting<Account>(id, cancellation);
                if (stream.Aggregate is not null)
                {
                    stream.AppendOne(new SignedOut(id, signedInAt, clock.GetUtcNow()));
                    await session.SaveChangesAsync(cancellation);
                }
            }
            catch (Exception e) when (Hosting.ProblemExceptionHandler.IsDatabaseFailure(e))
            {
                // This browser is signed out all the same; a copy of its cookie still opens the console until it idles out
                // (30 minutes without use) or its 10 hours end.
                logger.LogWarning("The end of a console session could not be recorded, PostgreSQL does not answer ({Reason})",
                    Hosting.DatabaseOutageLog.Describe(e));
            }
        }
        return RedirectToPage();
    }
}
