using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// A body the API reads as JSON must say it is JSON: <c>Content-Type: application/json</c> (a charset may follow) or a
/// <c>+json</c> type such as <c>application/problem+json</c>. Wolverine (6.62, HttpHandler.ReadJsonAsync) refuses other
/// types with a bare 415, but reads a body with no Content-Type at all as JSON: a ballot sent as bare bytes was counted.
/// Every such body is refused here instead, in one place, after the credential is checked and before the endpoint reads
/// anything: 415 <c>unsupported_media_type</c>, nothing written. A POST or PUT to such an endpoint that sends no body at
/// all is told so (400 <c>missing_request_body</c>, as a body of <c>null</c> is), not that its JSON is invalid. The
/// padrón's CSV (its own endpoint reads it) and the consoles' forms (Razor Pages) carry no mark and pass as before.
/// </summary>
public static class JsonBodies
{
    /// <summary>Endpoint metadata: this endpoint reads its body as JSON (<see cref="JsonBodyPolicy"/> puts it on each).</summary>
    public sealed class ReadsJson
    {
        public static readonly ReadsJson Mark = new();
        private ReadsJson() { }
    }

    public static readonly Rejection UnsupportedMediaType = new("unsupported_media_type", "Formato no admitido",
        "El cuerpo de esta operación es JSON: envíelo con el encabezado Content-Type: application/json. Nada se registró.",
        StatusCodes.Status415UnsupportedMediaType);

    public static readonly Rejection UnsupportedCharset = new("unsupported_charset", "Codificación no admitida",
        "El JSON va en UTF-8: envíelo con Content-Type: application/json; charset=utf-8 (o sin charset). Nada se registró.",
        StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A charset parameter other than UTF-8 (or ASCII, a part of it); read without allocating, as every ballot passes here.</summary>
    internal static bool NamesAnotherCharset(string? contentType)
    {
        if (contentType is null) return false;
        var at = contentType.AsSpan().IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return false;
        var value = contentType.AsSpan(at + "charset=".Length);
        if (value.IndexOf(';') is var end and >= 0) value = value[..end];
        value = value.Trim().Trim('"');
        return !(value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || value.Equals("utf8", StringComparison.OrdinalIgnoreCase)
                 || value.Equals("us-ascii", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>application/json or any +json type, as ASP.NET reads them; text/json too, which Wolverine has always taken.</summary>
    public static bool IsJson(HttpRequest request) =>
        request.HasJsonContentType()
        || MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);

    public static async Task RejectAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ReadsJson>() is not null)
        {
            if (!HasBody(context) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await Problems.WriteAsync(context, RequestValidation.MissingBody);
                return;
            }
            if (HasBody(context) && !IsJson(context.Request))
            {
                await Problems.WriteAsync(context, UnsupportedMediaType);
                return;
            }
            // JSON is UTF-8 (RFC 8259, 8.1) and is read as such: a body sent as UTF-16 was told it was malformed JSON.
            if (HasBody(context) && NamesAnotherCharset(context.Request.ContentType))
            {
                await Problems.WriteAsync(context, UnsupportedCharset);
                return;
            }
            // A media type's name is case-insensitive (RFC 9110, 8.3.1); Wolverine refused APPLICATION/JSON with a 415.
            if (HasBody(context) && context.Request.ContentType is { } given
                && given.AsSpan(0, given.IndexOf(';') is var end and >= 0 ? end : given.Length).ContainsAnyInRange('A', 'Z')
                && MediaTypeHeaderValue.TryParse(given, out var type) && type.MediaType.HasValue)
            {
                type.MediaType = type.MediaType.Value.ToLowerInvariant();
                context.Request.ContentType = type.ToString();
            }
        }
        await next(context);
    }

    /// <summary>
    /// Whether the request may carry a body: not a read, not Content-Length: 0, and (HTTP/1.1) a length or chunks announced.
    /// </summary>
    private static bool HasBody(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && context.Request.ContentLength != 0
        && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;
}

/// <summary>Marks every endpoint that reads a JSON body for <see cref="JsonBodies.RejectAsync"/>, and tells the OpenAPI document of its 415.</summary>
public sealed class JsonBodyPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            chain.Metadata.WithMetadata(JsonBodies.ReadsJson.Mark);
            chain.Metadata.Produces<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json");
        }
    }
}
