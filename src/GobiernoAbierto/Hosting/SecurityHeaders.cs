namespace GobiernoAbierto.Hosting;

/// <summary>
/// The headers every answer carries: pages, static files, API answers, problem details, errors (API answers and the
/// consoles' pages also the service's time). They are set when the response starts, so an answer the exception handler
/// rewrote (it clears the headers) carries them too.
/// </summary>
/// <param name="Hsts">Outside Development with an https public origin: HSTS on answers to HTTPS requests (as the proxy reports them).</param>
/// <param name="RelaxedForApiReference">Development: the Scalar page (/scalar) runs inline script and style, so it gets a looser policy.</param>
public sealed record SecurityHeaders(bool Hsts, bool RelaxedForApiReference)
{
    /// <summary>
    /// The pages are plain ES modules and one stylesheet from this origin, with no inline script, style attribute or
    /// event handler; the favicon is a data: URL. Nothing may frame them (a kiosk screen inside someone else's page).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Scalar's page (Development only): its own inline bootstrap script and styles; still never framed.</summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Receipt codes travel in the query string of recibo.html: no page sends its address to another.</summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>
    /// On every API answer and console page: the service's time (UTC, milliseconds), which api.js takes over the device's
    /// clock when they differ, and the consoles stamp their updates with.
    /// </summary>
    public const string ServiceTimeHeader = "Service-Time";

    /// <summary>One year; not includeSubDomains: the municipality's other sites under the same domain are not ours to decide.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public Task AddAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = RelaxedForApiReference && context.Request.Path.StartsWithSegments("/scalar")
                ? ApiReferencePolicy
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.XFrameOptions = "DENY";
            if (Hsts && context.Request.IsHttps) headers.StrictTransportSecurity = StrictTransportSecurity;
            // The service's clock (the pages say «Abre el …» and how long is left by it): a phone or a kiosk set to another
            // hour must not tell a resident there is time left when there is none. API answers and the consoles' pages
            // (written for each request); not the public pages and files, whose cached copies would carry a stale time.
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/consola"))
                headers[ServiceTimeHeader] = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()
                    .ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            // What a credential opens (the tally, the export with every receipt's option, the letters' codes) is kept by no
            // browser or proxy cache, nor what a resident's own data open without one: an online ballot's receipt, the
            // participation check's answer (both answers to a POST), a receipt's check. Other public answers keep whatever
            // caching they set.
            if (!headers.ContainsKey("Cache-Control") &&
                (context.Request.Headers.ContainsKey("Authorization") || context.User.Identity?.IsAuthenticated == true
                 || context.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                 || context.Request.Path.StartsWithSegments("/api/receipts")))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
