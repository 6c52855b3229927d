namespace GobiernoAbierto.Hosting.Console;

[AllowAnonymous]
public sealed class NotAllowedPage : ConsolePage
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
