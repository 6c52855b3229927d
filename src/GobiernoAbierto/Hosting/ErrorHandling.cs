using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Turns what escapes an endpoint into a Spanish problem details: concurrency to 409, an unreachable database to
/// 503, anything else to 500 with nothing about internals. Every write happens in one transaction, so whatever
/// failed left nothing half-written.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        var rejection = exception switch
        {
            ConcurrencyException or StreamLockedException => Problems.ConcurrentChange,
            Ballots.SealedUrnAlteredException => Ballots.SealedUrnAlteredException.Problem,
            BadHttpRequestException bad => new Rejection("bad_request", "Solicitud inválida", "La solicitud no se pudo leer.", bad.StatusCode),
            _ when IsDatabaseFailure(exception) => Problems.DatabaseUnavailable,
            _ => Problems.Unexpected,
        };
        if (rejection == Problems.Unexpected || rejection.Status >= 500 && rejection != Problems.DatabaseUnavailable)
            logger.LogError(exception, "{Code} on {Path}", rejection.Code, context.Request.Path);
        else logger.LogWarning(exception, "{Code} on {Path}", rejection.Code, context.Request.Path);
        await Problems.WriteAsync(context, rejection);
        return true;
    }

    /// <summary>
    /// The database went away (a failover, a restart): anywhere in the chain an Npgsql error or a timeout, or an
    /// exception Npgsql itself raised on a connection it had to drop (ObjectDisposedException: NpgsqlTransaction).
    /// </summary>
    public static bool IsDatabaseFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException or TimeoutException || e.Source == "Npgsql" || e is ObjectDisposedException { ObjectName: "NpgsqlTransaction" })
                return true;
        return false;
    }

    /// <summary>
    /// Problems that ASP.NET or Wolverine write themselves (malformed JSON, 404 of an unknown route, 415) get a
    /// Spanish title and a machine-readable code too.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code")) return;
        var (code, title, detail) = problem.Status switch
        {
            400 when problem.Title == "Invalid JSON format" => (Problems.MalformedBody.Code, Problems.MalformedBody.Title, Problems.MalformedBody.Detail),
            400 => ("bad_request", "Solicitud inválida", "La solicitud no es válida."),
            401 => (Problems.Unauthenticated.Code, Problems.Unauthenticated.Title, Problems.Unauthenticated.Detail),
            403 => (Problems.Forbidden.Code, Problems.Forbidden.Title, Problems.Forbidden.Detail),
            404 => ("not_found", "No encontrado", "No existe el recurso solicitado. Revise la dirección y el identificador."),
            405 => ("method_not_allowed", "Método no permitido", "Esta dirección no admite ese método HTTP."),
            406 => ("not_acceptable", "Formato no disponible", "El servicio responde en JSON (application/json)."),
            413 => ("request_too_large", "Solicitud demasiado grande", "El cuerpo de la solicitud excede el tamaño permitido."),
            415 => ("unsupported_media_type", "Formato no admitido", "Envíe el cuerpo como JSON con Content-Type: application/json."),
            _ => (Problems.Unexpected.Code, Problems.Unexpected.Title, Problems.Unexpected.Detail),
        };
        problem.Type = $"urn:gobiernoabierto:problema:{code}";
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
    }
}
