
namespace GobiernoAbierto.Seed;

/// <summary>
/// How the sample data takes a step: the command checked by its validator, as RequestValidationPolicy checks a request body, decided
/// by the endpoint's pure decision at the step's historic instant, appended as Wolverine's aggregate workflow appends
/// what an endpoint returns, one session per step. A refused step stops start-up with the rule's answer.
/// </summary>
internal sealed class SampleSteps(IDocumentStore store, IServiceProvider services, CancellationToken cancellation)
{
    /// <summary>
    /// Who the sample data says did it, in every event it writes: a person's place in the pages' sentences («El 17/05/2021
    /// 09:00 Personal municipal (datos de ejemplo) corrigió este informe»), as the sample's IEEQ is «IEEQ (datos de ejemplo)».
    /// </summary>
    public const string By = "Personal municipal (datos de ejemplo)";

    /// <summary>Who the sample says made its console accounts and gave the IEEQ's codes: each what its role does, never staff.</summary>
    public const string AccountsBy = "Administración de cuentas (datos de ejemplo)";
    public const string IeeqBy = "IEEQ (datos de ejemplo)";

    private readonly StreamWrites _writes = new(store);

    /// <summary>Loads stream <paramref name="id"/> for writing, decides, appends (and the second stream's events), commits.</summary>
    public async Task DecideAsync<T>(Guid id, Func<T, IDocumentSession, Task<Decision>> decide, Guid? otherStream = null,
        Type? startsOtherStreamOf = null, bool exclusive = false, string step = "") where T : class
    {
        if (await _writes.DecideAsync(id, decide, cancellation, exclusive, otherStream, startsOtherStreamOf) is { } rejection)
            throw Refused(step, rejection);
    }

    public async Task StartAsync<T>(Guid id, Decision decision, string step = "") where T : class
    {
        if (await _writes.StartAsync<T>(id, decision, cancellation) is { } rejection) throw Refused(step, rejection);
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
