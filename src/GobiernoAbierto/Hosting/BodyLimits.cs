namespace GobiernoAbierto.Hosting;

/// <summary>
/// How large a request body may be. Kestrel's default (30 MB) let anyone have a 5 MB ballot read and parsed; now every
/// request gets <see cref="Default"/>, what an operation needs beyond it says so with <c>[RequestSizeLimit]</c> (endpoint
/// metadata, applied by routing before anything reads the body), and a body over its limit is refused with 413
/// <c>request_too_large</c> (Problems.BodyTooLarge). What reads a body of its own, such as the padrón's CSV, catches the
/// 413 itself and says so in its own words.
/// </summary>
public static class BodyLimits
{
    /// <summary>
    /// Every request: the API's JSON and the consoles' forms. The longest text a command takes is 20,000 characters,
    /// which a client that escapes every accented letter (\u00f3) sends in about 120 KB.
    /// </summary>
    public const long Default = 1024 * 1024;

    /// <summary>What anyone may send without a credential, a ballot or a participation check: a few hundred bytes.</summary>
    public const long Voter = 16 * 1024;

    /// <summary>
    /// A console form over its page's limit, refused by the length it announces: the pages' antiforgery check read the
    /// form first, failed on its size, and the person read «el formulario caducó» (an outside tester). The status code
    /// pages send the browser to the console's page for 413. A browser sends the whole form before it reads an answer:
    /// an answer before the body, with the connection closed under it, reached it as a broken connection (a test saw
    /// it). So a form up to <see cref="ConsoleFormDrainedAtMost"/> over the limit is read and dropped first, never kept.
    /// </summary>
    public static async Task RefuseOversizedConsoleFormsAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/consola") && context.Request.ContentLength is { } length
            && Problems.BodyLimitOf(context) is { } limit && length > limit)
        {
            if (length <= limit + ConsoleFormDrainedAtMost
                && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit + ConsoleFormDrainedAtMost;
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        await next(context);
    }

    /// <summary>
    /// A console form ASP.NET Core's form reader refuses (a field with %00, a NUL pasted from another program): the pages'
    /// antiforgery check read it first, failed, and the person read «el formulario caducó» (a hostile-input sweep). Read
    /// here first (the pages then use the form it keeps), so the status code pages can say what happened.
    /// </summary>
    /// <remarks>
    /// Bytes that are not UTF-8 once decoded (%ED%A0%80) are refused the same way: the form reader leaves them as the
    /// escapes, and an account was made named «%ED%A0%80x». A browser never sends them; the padrón and the API refuse them.
    /// </remarks>
    public static async Task RefuseUnreadableConsoleFormsAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/consola") && HttpMethods.IsPost(context.Request.Method)
            && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Request.EnableBuffering();
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            context.Request.Body.Position = 0;
            var unreadable = DecodesToUtf8(body.GetBuffer().AsSpan(0, (int)body.Length)) ? null : "codificacion";
            if (unreadable is null)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    unreadable = "caracteres";
                }
            }
            if (unreadable is not null)
            {
                context.Items[UnreadableForm] = unreadable;
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }
        await next(context);
    }

    /// <summary>
    /// Set on a request whose console form could not be read (RefuseUnreadableConsoleFormsAsync), to why: «caracteres» (a
    /// NUL), «codificacion» (not UTF-8); the console's error page says it.
    /// </summary>
    public static readonly object UnreadableForm = new();

    /// <summary>Whether a form body (name=value&amp;…, percent-encoded) is UTF-8 once its escapes are decoded.</summary>
    public static bool DecodesToUtf8(ReadOnlySpan<byte> form)
    {
        var decoded = new byte[form.Length];
        var n = 0;
        for (var i = 0; i < form.Length; i++)
        {
            if (form[i] == (byte)'%' && i + 2 < form.Length && Uri.IsHexDigit((char)form[i + 1]) && Uri.IsHexDigit((char)form[i + 2]))
            {
                decoded[n++] = (byte)(Uri.FromHex((char)form[i + 1]) << 4 | Uri.FromHex((char)form[i + 2]));
                i += 2;
            }
            else decoded[n++] = form[i];
        }
        return System.Text.Unicode.Utf8.IsValid(decoded.AsSpan(0, n));
    }

    /// <summary>How much over its limit a console form is still read (and dropped) to answer the page for 413.</summary>
    public const long ConsoleFormDrainedAtMost = 8 * 1024 * 1024;

    /// <summary>"16 KB", "1 MB", "64 MB": a limit as the problem's detail says it.</summary>
    public static string Describe(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{Math.Max(1, bytes / 1024)} KB";
}
