namespace GobiernoAbierto.Hosting;

/// <summary>
/// Logs never hold a receipt, voter key, idempotency key or choice, whatever levels configuration turns on
/// (README, "Observabilidad / metrics"). Two sources would write them:
/// ASP.NET Core's request lines and route matching quote the raw path and query (GET /api/receipts/{code},
/// /recibo.html?codigo=…): those categories are held at a floor where they do not, and HTTP metrics and traces, which
/// carry the route template instead, replace them.
/// Marten's default logger writes every parameter value of a command, at Debug when it succeeds and at Error when it
/// fails (a failed group commit would log receipts and options): MartenLogWithoutValues keeps the SQL only.
/// </summary>
public static class LogPrivacy
{
    private static readonly (string Category, LogLevel Floor)[] CategoriesThatQuoteThePath =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),  // "Request starting GET http://…/api/receipts/…"
        ("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information), // "1 candidate(s) found for the request path '…'"
    ];

    public static IServiceCollection AddLogPrivacy(this IServiceCollection services)
    {
        services.AddLogging(logging =>
        {
            foreach (var (category, floor) in CategoriesThatQuoteThePath) logging.AddFilter(category, floor);
        });
        // AddMarten gives its default logger the ILogger<IDocumentStore> it finds in the container: this one.
        services.AddSingleton<ILogger<IDocumentStore>>(provider =>
            new MartenLogWithoutValues(provider.GetRequiredService<ILoggerFactory>().CreateLogger("Marten.IDocumentStore")));
        return services;
    }
}

/// <summary>
/// Marten's own log (category Marten.IDocumentStore) with the parameter values taken out: Marten's logger passes them
/// as the {PARAMETERS} value of its command messages ("Marten executed in … SQL: …", "Marten encountered an exception
/// executing …"); this writes those messages with the SQL (and $n placeholders) only, and everything else as it is.
/// Marten keeps its own logger and logger factory this way (the async daemon logs through them).
/// A statement that failed because PostgreSQL is unavailable (a failover) or because another request got there first
/// (23505, or Marten's MT003 stream version mismatch: a lost race, answered 409) is at Debug: the code that sent it gets the exception and says it once in its
/// own words (the outage summary, the lost race's Information line); anything else stays at Error.
/// </summary>
public sealed class MartenLogWithoutValues(ILogger inner) : ILogger<IDocumentStore>
{
    private static bool Expected(Exception? exception)
    {
        if (exception is null) return false;
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }) return true;
            // Marten's own version check (mt_quick_append_events and the snapshot's upsert raise it): the same lost
            // race, one 409, which Marten reported as three errors with their stacks (an outside tester's double clicks).
            else if (e is Npgsql.PostgresException { SqlState: "MT003" }) return true; // raised with that code: «MT003: Stream version mismatch…»
        return ProblemExceptionHandler.IsDatabaseFailure(exception);
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || !values.Any(v => v.Key == "PARAMETERS"))
        {
            // The same outage, told by Marten's other paths: a group commit cut mid-batch leaves reserved event sequence
            // numbers, which Marten fills with tombstones on new connections, retrying and logging «Error while trying to
            // retry Marten.Internal.UpdateBatch» with its stack each time, and «Error trying to rollback an exception»
            // (some 70 errors with stacks per 10 s outage under load). The outage log says it once.
            var outage = exception is not null && logLevel >= LogLevel.Warning && ProblemExceptionHandler.IsDatabaseFailure(exception);
            inner.Log(outage ? LogLevel.Debug : logLevel, eventId, state, exception, formatter);
            return;
        }
        var sql = values.FirstOrDefault(v => v.Key == "SQL").Value;
        inner.Log(Expected(exception) ? LogLevel.Debug : logLevel, eventId, exception, exception is null
            ? "Marten executed SQL (parameter values not logged): {SQL}"
            : "Marten encountered an exception executing (parameter values not logged): {SQL}", sql);
    }
}
