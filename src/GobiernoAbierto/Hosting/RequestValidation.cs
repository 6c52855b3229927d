using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's request body before the endpoint, answering a Spanish
/// problem details (400, code "validation_failed", errors per field) when it fails. Our own small replacement for
/// WolverineFx.Http.FluentValidation, which is not served here.
/// </summary>
public sealed class RequestValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            var requestType = chain.RequestType!;
            if (!container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(requestType))) continue;

            var method = typeof(RequestValidation).GetMethod(nameof(RequestValidation.ValidateAsync))!.MakeGenericMethod(requestType);
            var call = new MethodCall(typeof(RequestValidation), method) { CommentText = "FluentValidation of the request body" };
            chain.Middleware.Insert(0, call);
            chain.Middleware.Insert(1, new MaybeEndWithResultFrame(call.ReturnVariable!));
            chain.Metadata.ProducesValidationProblem();
        }
    }
}

public static class RequestValidation
{
    public static readonly Rejection MissingBody = Rejection.Invalid("missing_request_body",
        "Falta el cuerpo de la solicitud (JSON).");

    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T body, CancellationToken cancellation)
    {
        if (body is null) return Problems.Result(MissingBody);
        var result = await validator.ValidateAsync(body, cancellation);
        if (result.IsValid) return WolverineContinue.Result();

        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => JsonName(g.Key), g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var rejection = Rejection.Invalid("validation_failed",
            "Revise los datos enviados: " + string.Join(" ", errors.Values.SelectMany(v => v).Take(3)));
        return Problems.Result(rejection, new Dictionary<string, object?> { ["errors"] = errors });
    }

    /// <summary>"Options[0].Title" → "options[0].title", as the field is spelled in the JSON body.</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
