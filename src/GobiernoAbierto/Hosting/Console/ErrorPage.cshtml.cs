using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Hosting.Console;

/// <summary>
/// Where a console answer without a page of its own sends the browser (Program.cs, the status-code handler): an unknown
/// record, a form whose antiforgery token no longer matches (left open past the session, or signed out in another tab),
/// a method the page has no handler for. People read the consoles, so a page in Spanish with a way back, not problem
/// details; it answers with the status it explains.
/// </summary>
[AllowAnonymous]
[Authorize(AuthenticationSchemes = Accounts.ConsoleSignIn.Scheme)] // the layout names whoever is still signed in
public sealed class ErrorPage : ConsolePage
{
    [FromQuery(Name = "estado")]
    public int Status { get; set; }

    public (string Title, string Detail) Message => Status switch
    {
        400 => ("No se pudo procesar el formulario",
            "El formulario caducó o no es válido: por ejemplo, la página estuvo abierta mucho tiempo o la sesión se cerró en otra pestaña. " +
            "Vuelva a abrir la página e inténtelo de nuevo; nada se registró."),
        404 => ("No encontrado", "No existe esa página ni el registro que busca. Revise la dirección o vuelva al inicio de la consola."),
        405 => ("Acción no disponible", "Esa página no admite esta acción. Vuelva a abrirla desde el inicio de la consola."),
        _ => ("Algo salió mal", "No se pudo completar la solicitud. Vuelva al inicio de la consola e inténtelo de nuevo; si se repite, avise al personal de apoyo."),
    };

    public void OnGet() => Response.StatusCode = Status is >= 400 and <= 599 ? Status : StatusCodes.Status500InternalServerError;
}
