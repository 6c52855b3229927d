namespace GobiernoAbierto.Hosting;

/// <summary>
/// HEAD on the API answers as its GET would, without the body (RFC 9110 §9.3.2; uptime monitors and link checkers send
/// it): Wolverine maps a read to GET only, so routing answered HEAD with 405. Before routing, a HEAD to /api is routed as
/// a GET. Kestrel still treats the request as HEAD, because it decides whether a response may have a body from the method
/// it parsed off the request line, not from HttpRequest.Method (Kestrel 10, HttpProtocol.CanWriteResponseBody): the GET's
/// status and headers go out, and not a byte of its body (a test reads the raw answer off the socket). Pages, static
/// files and health probes answer HEAD by themselves. Logs and metrics see these requests as GET.
/// </summary>
public static class HeadRequests
{
    public static Task AsGetAsync(HttpContext http, RequestDelegate next)
    {
        if (HttpMethods.IsHead(http.Request.Method) && http.Request.Path.StartsWithSegments("/api"))
            http.Request.Method = HttpMethods.Get;
        return next(http);
    }

    /// <summary>
    /// A 405's Allow header lists what routing knows, GET without HEAD; since every GET here answers HEAD too (the API
    /// through <see cref="AsGetAsync"/>, pages and files by themselves), HEAD is added where GET is allowed.
    /// </summary>
    public static void AllowHeadWithGet(HttpResponse response)
    {
        if (response.StatusCode != StatusCodes.Status405MethodNotAllowed) return;
        var allow = response.Headers.Allow.ToString();
        var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) && !methods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
            response.Headers.Allow = string.Join(", ", methods.Append(HttpMethods.Head));
    }
}
