using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Tells the OpenAPI document what every endpoint may answer besides success: problem details for the rules
/// (400, 404, 409, 422), for credentials (401, 403) and for an unavailable database (503). And what success is for an
/// endpoint that answers 201 Created: Wolverine documents 200 for every endpoint returning an IResult, so one that declares
/// its 201 (`[ProducesResponseType&lt;T&gt;(201)]`) loses that 200 unless it declares a 200 too (a replayed ballot).
/// </summary>
public sealed class ProblemResponsesPolicy : IHttpPolicy
{
    private static readonly int[] Statuses = [400, 401, 403, 404, 409, 422, 503];

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            foreach (var status in Statuses)
                chain.Metadata.Produces<ProblemDetails>(status, "application/problem+json");

            var declared = chain.Method.Method.GetCustomAttributes(typeof(ProducesResponseTypeAttribute), true)
                .Cast<ProducesResponseTypeAttribute>().Select(a => a.StatusCode).ToList();
            if (declared.Contains(StatusCodes.Status201Created) && !declared.Contains(StatusCodes.Status200OK))
                chain.Metadata.Finally(builder => builder.RemoveStatusCodeResponse(StatusCodes.Status200OK));
        }
    }
}
