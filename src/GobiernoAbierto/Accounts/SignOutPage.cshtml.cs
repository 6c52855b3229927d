using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[AllowAnonymous]
public sealed class SignOutPage : Hosting.Console.ConsolePage
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSignIn.Scheme);
        return RedirectToPage();
    }
}
