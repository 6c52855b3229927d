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

    /// <summary>The console page the refused request came from (ProblemExceptionHandler), to go back to it; only a console path.</summary>
    [FromQuery(Name = "volver")]
    public string? ReturnTo { get; set; }

    public string? BackTo => ReturnTo is { Length: > 1 and <= 300 } path && path.StartsWith("/consola/", StringComparison.Ordinal)
        && !path.StartsWith("/consola/error", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal) && !path.Contains('\\')
        && Uri.IsWellFormedUriString(path, UriKind.Relative) ? path : null;

    /// <summary>
    /// Why, when the status alone does not say it: «caracteres», a form with a character no form can carry; «codificacion»,
    /// one whose text is not UTF-8; «incierto», a 503 whose write may have been recorded (its COMMIT went unanswered);
    /// «consulta», a 503 of a page only read (nothing was sent: «Lo que envió no se registró» misread a dashboard's reload).
    /// </summary>
    [FromQuery(Name = "motivo")]
    public string? Reason { get; set; }

    public (string Title, string Detail) Message => (Status, Reason) switch
    {
        (400, "caracteres") => ("El formulario lleva un carácter que no se puede enviar",
            "Uno de los campos lleva un carácter nulo, que ningún formulario recibe: suele llegar al pegar texto copiado de otro programa. " +
            "Nada se registró. Vuelva a la página, escriba de nuevo lo que había pegado (sin pegarlo) y envíelo."),
        (400, "codificacion") => ("El formulario llegó con texto que no está en UTF-8",
            "Uno de los campos trae bytes que no son texto UTF-8, algo que un navegador no envía: quizá lo mandó otro programa. " +
            "Nada se registró. Vuelva a la página, escríbalo de nuevo y envíelo desde el navegador."),
        (503, "incierto") => ("No se sabe si su cambio quedó registrado",
            "Se perdió la conexión con la base de datos justo al guardar lo que envió: pudo quedar registrado o no. " +
            "En unos minutos vuelva a la página y revise si el cambio aparece; envíelo otra vez solo si no está (lo que escribió " +
            "se conserva en el formulario). Si la base de datos no se recupera en unos minutos, avise al área de sistemas: mientras " +
            "no responde, tampoco se reciben votos."),
        (503, "consulta") => ("El servicio no puede consultar datos en este momento",
            "La base de datos no responde (por ejemplo, se está cambiando de servidor): mientras dure, tampoco se reciben votos en los " +
            "kioscos ni en línea. Vuelva a la página en unos momentos; si no se recupera en unos minutos, avise al área de sistemas."),
        _ => ByStatus,
    };

    private (string Title, string Detail) ByStatus => Status switch
    {
        400 => ("No se pudo procesar el formulario",
            "El formulario caducó o no es válido: por ejemplo, la página estuvo abierta mucho tiempo o la sesión se cerró en otra pestaña. " +
            "Vuelva a abrir la página e inténtelo de nuevo; nada se registró."),
        413 => ("El formulario es demasiado grande",
            "Lo que envió pasa del tamaño que recibe esta página (por ejemplo, un texto pegado muy largo, o un archivo de más de 64 MB: el padrón lleva hasta 500,000 personas en 64 MB). " +
            "Nada se registró. Vuelva a la página, revise lo que escribió o el archivo que eligió e inténtelo de nuevo."),
        404 => ("No encontrado", "No existe esa página ni el registro que busca. Revise la dirección o vuelva al inicio de la consola."),
        405 => ("Acción no disponible", "Esa página no admite esta acción. Vuelva a abrirla desde el inicio de la consola."),
        409 => ("Otra persona cambió este registro al mismo tiempo",
            "Alguien más registró un cambio en lo mismo mientras usted enviaba el formulario, y lo suyo no se registró para no pisarlo. " +
            "Vuelva a abrir la página para ver cómo quedó y, si todavía hace falta, envíelo otra vez (lo que escribió se conserva en el formulario)."),
        429 => ("Demasiados intentos seguidos",
            "Se recibieron demasiados intentos desde esta conexión en poco tiempo, y por seguridad se detuvieron por un momento. " +
            "Espere un minuto y vuelva a intentarlo; nada se registró."),
        503 => ("El servicio no puede guardar ni consultar datos en este momento",
            "La base de datos no responde (por ejemplo, se está cambiando de servidor). Lo que envió no se registró. " +
            "Espere unos momentos y vuelva a intentarlo; lo que escribió se conserva en el formulario. Si no se recupera en unos minutos, " +
            "avise al área de sistemas: mientras no responde, tampoco se reciben votos."),
        _ => ("Algo salió mal", "No se pudo completar la solicitud. Vuelva al inicio de la consola e inténtelo de nuevo; si se repite, avise al personal de apoyo."),
    };

    /// <summary>Opened by hand, without a status that is an error (nothing failed): the console's «No encontrado».</summary>
    public void OnGet()
    {
        if (Status is < 400 or > 599) Status = StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
    }
}
