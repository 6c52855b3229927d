using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

// The console's cookie is read here too (authorization authenticates the named scheme before AllowAnonymous lets anyone
// through): without it the request's user is the API's anonymous one, and the antiforgery token the layout issued to
// the signed-in person does not match, so the form was refused with 400 and the session stayed open.
[AllowAnonymous]
[Authorize(AuthenticationSchemes = ConsoleSignIn.Scheme)]
public sealed class SignOutPage : Hosting.Console.ConsolePage
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSignIn.Scheme);
        return RedirectToPage();
    }
}
