using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Hosting;

/// <summary>RFC 7807 problem details in Spanish, each with a machine-readable "code" extension.</summary>
public static class Problems
{
    public static ProblemDetails Details(Rejection rejection, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"urn:gobiernoabierto:problema:{rejection.Code}",
            Title = rejection.Title,
            Detail = rejection.Detail,
            Status = rejection.Status,
        };
        problem.Extensions["code"] = rejection.Code;
        if (extensions is not null)
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    public static IResult Result(Rejection rejection, IDictionary<string, object?>? extensions = null)
    {
        var problem = Details(rejection, extensions);
        return Results.Problem(problem);
    }

    public static Task WriteAsync(HttpContext context, Rejection rejection, IDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = rejection.Status;
        return Results.Problem(Details(rejection, extensions)).ExecuteAsync(context);
    }

    public static readonly Rejection Unauthenticated = new("unauthenticated", "Credencial requerida",
        "Esta operación requiere una credencial válida en el encabezado Authorization: Bearer <credencial>.",
        StatusCodes.Status401Unauthorized);

    public static readonly Rejection Forbidden = new("forbidden", "Sin permiso",
        "Su credencial no tiene el rol necesario para esta operación.", StatusCodes.Status403Forbidden);

    public static readonly Rejection MalformedBody = new("invalid_request_body", "Solicitud inválida",
        "El cuerpo de la solicitud no es JSON válido o sus campos no tienen el tipo esperado.", StatusCodes.Status400BadRequest);

    /// <summary>A body over its operation's limit (<see cref="BodyLimits"/>, when the server says it), refused before it is read.</summary>
    public static Rejection BodyTooLarge(long? limit) => new("request_too_large", "Solicitud demasiado grande",
        (limit is { } bytes
            ? $"El cuerpo de la solicitud excede el límite de {BodyLimits.Describe(bytes)} de esta operación."
            : "El cuerpo de la solicitud excede el tamaño permitido.") + " Nada se registró.",
        StatusCodes.Status413PayloadTooLarge);

    /// <summary>The body limit in force for this request, as routing set it from the endpoint's [RequestSizeLimit].</summary>
    public static long? BodyLimitOf(HttpContext http) =>
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    public static readonly Rejection ConcurrentChange = new("concurrent_change", "Cambio simultáneo",
        "Otra operación modificó este registro al mismo tiempo. Vuelva a intentarlo.", StatusCodes.Status409Conflict);

    public static readonly Rejection DatabaseUnavailable = new("service_unavailable", "Servicio no disponible",
        "No fue posible guardar ni consultar la información en este momento. Nada se registró; vuelva a intentarlo en unos segundos.",
        StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A ballot's group commit lost its connection after sending the COMMIT (a network cut, a failover): PostgreSQL may
    /// have committed it, so «Nada se registró» would not be true. Same code as any outage: the client sends it again
    /// with the same Idempotency-Key and gets the receipt of the ballot if it was committed.
    /// </summary>
    public static readonly Rejection BallotOutcomeUnknown = new("service_unavailable", "Servicio no disponible",
        "Se perdió la conexión con la base de datos al guardar el voto y no se sabe si quedó guardado. Vuelva a enviarlo " +
        "en unos segundos con la misma elección y la misma clave Idempotency-Key: si ya quedó guardado recibirá el mismo " +
        "recibo y no se contará dos veces.",
        StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A write's COMMIT was sent and its answer lost with the connection (<see cref="UnansweredCommit"/>): it may be
    /// recorded. Same code as any outage; the detail asks to look before sending it again.
    /// </summary>
    public static readonly Rejection WriteOutcomeUnknown = new("service_unavailable", "Servicio no disponible",
        "Se perdió la conexión con la base de datos justo al guardar, y no se sabe si el cambio quedó registrado. " +
        "En unos segundos consulte el registro: si el cambio aparece, ya quedó; si no, vuelva a enviarlo.",
        StatusCodes.Status503ServiceUnavailable);

    public static readonly Rejection Unexpected = new("internal_error", "Error interno",
        "Ocurrió un error inesperado. Nada se registró a medias; si se repite, avise al personal de apoyo.",
        StatusCodes.Status500InternalServerError);
}
