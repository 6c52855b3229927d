using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// How long a request line and how large its headers may be. Kestrel refuses a request line over its limit with 414 and
/// headers over theirs with 431 without running the application, so with an empty body: no problem details, no code,
/// no Spanish. Its limits are raised to <see cref="KestrelRequestLine"/> and <see cref="KestrelHeaders"/>, and the
/// service's own limits (Kestrel's defaults, what was in force before: 8 KB line, 32 KB and 100 headers) are enforced
/// first in the pipeline with problem details: 414 <c>request_line_too_long</c>, 431 <c>headers_too_large</c>.
/// Beyond Kestrel's raised limits the connection still gets Kestrel's empty answer (README, «Configuración de producción»).
/// No page or API call comes near: the longest legitimate line is a receipt check or a console page with its query.
/// </summary>
public static class RequestHeadLimits
{
    public const int RequestLine = 8 * 1024;
    public const int Headers = 32 * 1024;
    public const int HeaderCount = 100;

    public const int KestrelRequestLine = 4 * RequestLine;
    public const int KestrelHeaders = 4 * Headers;
    public const int KestrelHeaderCount = 2 * HeaderCount;

    public static readonly Rejection RequestLineTooLong = new("request_line_too_long", "Dirección demasiado larga",
        $"La línea de la solicitud (método, ruta y consulta) excede {RequestLine / 1024} KB. Nada se registró.",
        StatusCodes.Status414UriTooLong);

    public static readonly Rejection HeadersTooLarge = new("headers_too_large", "Encabezados demasiado grandes",
        $"Los encabezados de la solicitud exceden {Headers / 1024} KB o {HeaderCount} encabezados. Nada se registró.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge);

    public static void Raise(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = KestrelRequestLine;
        limits.MaxRequestHeadersTotalSize = KestrelHeaders;
        limits.MaxRequestHeaderCount = KestrelHeaderCount;
    }

    /// <summary>The request's line and headers measured as Kestrel measures them on HTTP/1.1 (each line with its CRLF).</summary>
    public static Rejection? Check(HttpContext http)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        if (request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2 > RequestLine) return RequestLineTooLong;
        var size = 0;
        var count = 0;
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
            {
                size += name.Length + 2 + (value?.Length ?? 0) + 2;
                count++;
            }
        return size > Headers || count > HeaderCount ? HeadersTooLarge : null;
    }

    public static Task EnforceAsync(HttpContext http, RequestDelegate next) =>
        Check(http) is { } refused ? Problems.WriteAsync(http, refused) : next(http);
}
