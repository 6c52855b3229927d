using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Tells the OpenAPI document what every endpoint may answer besides success: problem details for the rules
/// (400, 404, 409, 422), for credentials (401, 403) and for an unavailable database (503).
/// </summary>
public sealed class ProblemResponsesPolicy : IHttpPolicy
{
    private static readonly int[] Statuses = [400, 401, 403, 404, 409, 422, 503];

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
            foreach (var status in Statuses)
                chain.Metadata.Produces<ProblemDetails>(status, "application/problem+json");
    }
}
