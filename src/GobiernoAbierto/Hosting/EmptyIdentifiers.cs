namespace GobiernoAbierto.Hosting;

/// <summary>
/// Nothing here is ever stored under the empty identifier (00000000-0000-0000-0000-000000000000), so a route naming
/// it answers 404 before any endpoint runs; Marten would otherwise refuse it as a stream id with an exception.
/// </summary>
public static class EmptyIdentifiers
{
    public static readonly Rejection NotFound = Rejection.NotFound("ningún registro con el identificador vacío (00000000-0000-0000-0000-000000000000)");

    public static async Task RejectAsync(HttpContext context, RequestDelegate next)
    {
        foreach (var value in context.Request.RouteValues.Values)
        {
            if (value is string text && Guid.TryParse(text, out var id) && id == Guid.Empty)
            {
                // The consoles are read by people: their «No encontrado» page (the status code pages), not problem details.
                if (context.Request.Path.StartsWithSegments("/consola")) context.Response.StatusCode = StatusCodes.Status404NotFound;
                else await Problems.WriteAsync(context, NotFound);
                return;
            }
        }
        await next(context);
    }
}
