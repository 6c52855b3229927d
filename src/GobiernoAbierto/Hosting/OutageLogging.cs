using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// What the operator reads while PostgreSQL cannot serve (README, "When PostgreSQL stops answering"): one warning when it
/// starts (the reason, without a stack trace), one warning a minute while it lasts with how many requests were refused
/// with 503 and on which routes, and one line when PostgreSQL answers again (how long it lasted, how many were
/// refused). Not a line per refused request or per failed group commit: during an outage on voting day every kiosk's
/// every step would be one, and a log that floods hides what else happens (and an attacker could amplify it).
/// Whoever meets the outage reports it here (the exception handler, the ballot endpoint, the background services);
/// while it lasts, a probe asks PostgreSQL every second (<see cref="DatabaseReadiness.Query"/>: answering and writable)
/// to say when it is over.
/// </summary>
public sealed class DatabaseOutageLog(NpgsqlDataSource dataSource, ILogger<DatabaseOutageLog> log, IConfiguration configuration)
    : IDisposable
{
    /// <summary>How often the warning with the count is repeated while the outage lasts (Logging:OutageSummaryEvery).</summary>
    public TimeSpan SummaryEvery { get; } = configuration.GetValue("Logging:OutageSummaryEvery", TimeSpan.FromMinutes(1));

    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);
    private const int RoutesNamed = 5;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _down;
    private long _refusedInAll;
    private long _refusedSinceSummary;
    private long _startedAt;
    private long _summarizedAt;
    private readonly SortedSet<string> _routes = new(StringComparer.Ordinal);

    /// <summary>Whether PostgreSQL is known not to answer now (from the first report until the probe gets an answer).</summary>
    public bool Down
    {
        get { lock (_gate) return _down; }
    }

    /// <summary>A request answered 503 because the database could not serve it; <paramref name="route"/> is its template.</summary>
    public void Refused(string route, Exception? reason)
    {
        lock (_gate)
        {
            Begin(reason, route);
            _refusedInAll++;
            _refusedSinceSummary++;
            if (_routes.Count < RoutesNamed) _routes.Add(route);
        }
    }

    private string? _notReadyBecause;

    /// <summary>
    /// What /health/ready found when PostgreSQL answered (null: ready). A reason that is not an outage (a standby, the
    /// schema missing) is said once when it appears and once when it is gone, not at every probe of every kiosk.
    /// </summary>
    /// <returns>What it was before (null: ready).</returns>
    public string? ReadinessIs(string? problem)
    {
        lock (_gate)
        {
            var before = _notReadyBecause;
            if (problem == before) return before;
            if (problem is null) log.LogInformation("Ready again: {Reason} no longer holds", _notReadyBecause);
            else log.LogWarning("Not ready: {Reason}", problem);
            _notReadyBecause = problem;
            return before;
        }
    }

    /// <summary>Something not a request (a background service, the async daemon) found the database gone.</summary>
    public void Unreachable(Exception reason)
    {
        lock (_gate) Begin(reason, null);
    }

    private void Begin(Exception? reason, string? route)
    {
        if (_down) return;
        _down = true;
        _startedAt = _summarizedAt = Environment.TickCount64;
        log.LogWarning("PostgreSQL does not answer ({Reason}); the service answers 503 until it does{First}. " +
            "A summary follows every {Every} s while it lasts", Describe(reason),
            route is null ? "" : $" (first refused: {route})", (int)SummaryEvery.TotalSeconds);
        _ = ProbeAsync();
    }

    /// <summary>The reason in one line: the PostgreSQL error's SQLSTATE and text, or the innermost message (no stack, no values).</summary>
    public static string Describe(Exception? exception)
    {
        if (exception is null) return "no reason given";
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException postgres) return $"{postgres.SqlState}: {postgres.MessageText}";
        var innermost = exception;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost == exception ? exception.Message : $"{exception.Message} {innermost.Message}";
    }

    private async Task ProbeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try { await Task.Delay(ProbeEvery, _stopping.Token); }
            catch (OperationCanceledException) { return; }
            string? stillDown;
            var answers = true;
            try
            {
                stillDown = await DatabaseReadiness.ProblemAsync(dataSource, null, _stopping.Token);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                stillDown = Describe(e);
                answers = false;
            }
            catch (OperationCanceledException) { return; }
            lock (_gate)
            {
                var now = Environment.TickCount64;
                if (stillDown is null)
                {
                    log.LogInformation("PostgreSQL answers again after {Seconds} s; {Refused} {Requests} answered 503 meanwhile",
                        (now - _startedAt) / 1000, _refusedInAll, _refusedInAll == 1 ? "request was" : "requests were");
                    _down = false;
                    _refusedInAll = _refusedSinceSummary = 0;
                    _routes.Clear();
                    return;
                }
                if (now - _summarizedAt < SummaryEvery.TotalMilliseconds) continue;
                // Read-only (a standby, default_transaction_read_only) answers: «does not answer (… acepta solo lectura)» contradicted itself.
                log.LogWarning("PostgreSQL {State} after {Seconds} s ({Reason}): {Refused} {Requests} answered 503 in the " +
                    "last {Every} s{Routes}", answers ? "answers but still cannot record votes" : "still does not answer",
                    (now - _startedAt) / 1000, stillDown, _refusedSinceSummary,
                    _refusedSinceSummary == 1 ? "request" : "requests", (now - _summarizedAt) / 1000,
                    _routes.Count == 0 ? "" : $", on {string.Join(", ", _routes)}");
                _summarizedAt = now;
                _refusedSinceSummary = 0;
                _routes.Clear();
            }
        }
    }

    public void Dispose() => _stopping.Cancel();
}
