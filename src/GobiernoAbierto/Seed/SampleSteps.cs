
namespace GobiernoAbierto.Seed;

/// <summary>
/// How the sample data takes a step: the command validated as RequestValidationPolicy validates a request body, decided
/// by the endpoint's pure decision at the step's historic instant, appended as Wolverine's aggregate workflow appends
/// what an endpoint returns, one session per step. A refused step stops start-up with the rule's answer.
/// </summary>
internal sealed class SampleSteps(IDocumentStore store, IServiceProvider services, CancellationToken cancellation)
{
    /// <summary>Who the sample data says did it, in every event it writes.</summary>
    public const string By = "datos de ejemplo";

    /// <summary>Loads stream <paramref name="id"/> for writing, decides, appends (and the second stream's events), commits.</summary>
    public async Task DecideAsync<T>(Guid id, Func<T, IDocumentSession, Task<Decision>> decide, Guid? otherStream = null,
        Type? startsOtherStreamOf = null, bool exclusive = false, string step = "") where T : class
    {
        await using var session = store.LightweightSession();
        var stream = exclusive
            ? await session.Events.FetchForExclusiveWriting<T>(id, cancellation)
            : await session.Events.FetchForWriting<T>(id, cancellation);
        var decision = await decide(stream.Aggregate ?? throw new InvalidOperationException($"Sample data: no {typeof(T).Name} {id}."), session);
        if (decision.Rejection is { } rejection) throw Refused(step, rejection);
        stream.AppendMany(decision.Events);
        if (decision.OtherStream.Count > 0)
        {
            var other = otherStream ?? throw new InvalidOperationException($"Sample data: {step} writes a second stream; say which.");
            if (startsOtherStreamOf is not null) session.Events.StartStream(startsOtherStreamOf, other, [.. decision.OtherStream]);
            else session.Events.Append(other, [.. decision.OtherStream]);
        }
        await session.SaveChangesAsync(cancellation);
    }

    public async Task StartAsync<T>(Guid id, Decision decision, string step = "") where T : class
    {
        if (decision.Rejection is { } rejection) throw Refused(step, rejection);
        await using var session = store.LightweightSession();
        session.Events.StartStream<T>(id, [.. decision.Events]);
        await session.SaveChangesAsync(cancellation);
    }

    public TCommand Validated<TCommand>(TCommand command, string call)
    {
        var result = services.GetService<IValidator<TCommand>>()?.Validate(command);
        return result is { IsValid: false }
            ? throw Refused(call, Rejection.Invalid("validation_failed", string.Join(" ", result.Errors.Select(e => e.ErrorMessage))))
            : command;
    }

    public static InvalidOperationException Refused(string step, Rejection rejection) =>
        new($"Sample data: the rules refused {step} ({rejection.Status} {rejection.Code}): {rejection.Detail}");
}
