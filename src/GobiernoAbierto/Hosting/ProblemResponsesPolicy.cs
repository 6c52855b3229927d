using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Tells the OpenAPI document what every endpoint may answer besides success: problem details for the rules
/// (400, 404, 409, 422), for credentials (401, 403), for an unavailable database (503), for a body over its limit (413,
/// operations that take one) and for too many requests (429, rate-limited operations and those that take a
/// credential). And what success is for an
/// endpoint that declares it (`[ProducesResponseType&lt;T&gt;(200)]`, a 201, a CSV, a 204): Wolverine documents an
/// endpoint returning an IResult as 200 with an empty object, and one writing its own answer (a CSV download) as 204, so
/// the successes it computed and the endpoint does not declare are taken out (a 201 leaves no 200 unless declared, as
/// a replayed ballot's is).
/// </summary>
public sealed class ProblemResponsesPolicy : IHttpPolicy
{
    private static readonly int[] Statuses = [400, 401, 403, 404, 409, 422, 503];

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    private static bool Has<T>(HttpChain chain) where T : Attribute =>
        chain.Method.Method.IsDefined(typeof(T), true) || chain.Method.HandlerType.IsDefined(typeof(T), true);

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            foreach (var status in Statuses)
                chain.Metadata.Produces<ProblemDetails>(status, "application/problem+json");
            if (chain.HasRequestType || Has<RequestSizeLimitAttribute>(chain))
                chain.Metadata.Produces<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json");
            // Rate-limited operations, and every one that takes a credential: unknown credentials in a row get 429.
            if (Has<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>(chain)
                || (Has<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>(chain) && !Has<Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute>(chain)))
                chain.Metadata.Produces<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json");

            var declared = chain.Method.Method.GetCustomAttributes(typeof(ProducesResponseTypeAttribute), true)
                .Cast<ProducesResponseTypeAttribute>().Select(a => a.StatusCode).Where(IsSuccess).ToHashSet();
            if (declared.Count > 0)
                chain.Metadata.Finally(builder =>
                {
                    for (var i = builder.Metadata.Count - 1; i >= 0; i--)
                        if (builder.Metadata[i] is Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata computed and not ProducesResponseTypeAttribute
                            && IsSuccess(computed.StatusCode) && !declared.Contains(computed.StatusCode))
                            builder.Metadata.RemoveAt(i);
                });
        }
    }
}
