using System.Collections;
using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
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
        if (FindNullElement(body) is { } nullElement)
            return Problems.Result(Rejection.Invalid("validation_failed", $"Revise los datos enviados: «{nullElement}» está vacío (null)."),
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [nullElement] = ["No puede ser nulo."] } });
        if (FindEmptyIdentifier(body) is { } emptyId)
            return Problems.Result(Rejection.Invalid("validation_failed",
                    $"Revise los datos enviados: «{emptyId}» es el identificador vacío (00000000-0000-0000-0000-000000000000); nada se guarda con él."),
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [emptyId] = ["No puede ser el identificador vacío."] } });
        var result = await validator.ValidateAsync(body, cancellation);
        if (result.IsValid) return WolverineContinue.Result();

        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => JsonName(g.Key), g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var rejection = Rejection.Invalid("validation_failed",
            "Revise los datos enviados: " + string.Join(" ", errors.Values.SelectMany(v => v).Take(3)));
        return Problems.Result(rejection, new Dictionary<string, object?> { ["errors"] = errors });
    }

    /// <summary>
    /// The first null element of a list in the body, as "colonias[1]" or "options[0]". System.Text.Json lets
    /// <c>[null]</c> through into a list of records, and the validators' element rules assume elements are there.
    /// </summary>
    public static string? FindNullElement(object value, string path = "", int depth = 0)
    {
        if (depth > 8) return null;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var child = property.GetValue(value);
            if (child is null or string) continue;
            var name = path + JsonName(property.Name);
            if (child is IEnumerable list)
            {
                var index = 0;
                foreach (var item in list)
                {
                    if (item is null) return $"{name}[{index}]";
                    if (IsOurs(item) && FindNullElement(item, $"{name}[{index}].", depth + 1) is { } found) return found;
                    index++;
                }
            }
            else if (IsOurs(child) && FindNullElement(child, name + ".", depth + 1) is { } found) return found;
        }
        return null;
    }

    /// <summary>
    /// The first identifier in the body that is the empty GUID, as "intoProposalId" or "proposalIds[1]". Nothing is stored
    /// under it, and Marten refuses it as a stream id with an exception, so it is a client mistake to say so up front.
    /// </summary>
    public static string? FindEmptyIdentifier(object value, string path = "", int depth = 0)
    {
        if (depth > 8) return null;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var child = property.GetValue(value);
            var name = path + JsonName(property.Name);
            switch (child)
            {
                case Guid id when id == Guid.Empty:
                    return name;
                case null or string:
                    continue;
                case IEnumerable list:
                    var index = 0;
                    foreach (var item in list)
                    {
                        if (item is Guid itemId && itemId == Guid.Empty) return $"{name}[{index}]";
                        if (item is not null && IsOurs(item) && FindEmptyIdentifier(item, $"{name}[{index}].", depth + 1) is { } found) return found;
                        index++;
                    }
                    break;
                default:
                    if (IsOurs(child) && FindEmptyIdentifier(child, name + ".", depth + 1) is { } inner) return inner;
                    break;
            }
        }
        return null;
    }

    private static bool IsOurs(object value) => value.GetType().Assembly == typeof(RequestValidation).Assembly;

    /// <summary>"Options[0].Title" → "options[0].title", as the field is spelled in the JSON body.</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
