using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// /health/ready: the service can take votes, which needs more than a PostgreSQL that answers. Not ready, with the reason
/// in Spanish in the answer's body, when PostgreSQL does not answer, when it is read-only (a standby, e.g. the old
/// primary after a failover, or default_transaction_read_only: every write would fail) or when the service's schema is
/// not there (another database than the one the service set up: a restored backup not yet in place, a wrong
/// connection string). The outage log's probe asks the same question (<see cref="ProblemAsync"/>). The log says an
/// outage through the outage log and another reason once (<see cref="DatabaseOutageLog.ReadinessIs"/>), not an error
/// per probe as ASP.NET's health check service would (its category is held at Critical, Program.cs): every kiosk asks
/// at every step.
/// </summary>
public sealed class DatabaseReadiness(NpgsqlDataSource dataSource, string schema, DatabaseOutageLog outage, IDocumentStore store) : IHealthCheck
{
    public const string Name = "postgresql";

    /// <summary>
    /// How long a read-only answer is given again without asking PostgreSQL. Each such question opens a fresh session (the
    /// pools are dropped, <see cref="ProblemAsync"/>): with hundreds of kiosks asking during a failover, that was a new TLS
    /// session a probe on a database already in trouble.
    /// </summary>
    public static readonly TimeSpan ReadOnlyAnswerKept = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<Answer>? _answer;

    /// <param name="At">When PostgreSQL answered (Stopwatch timestamp: real time, whatever the service's clock says).</param>
    private sealed record Answer(string? Problem, long At);

    /// <remarks>
    /// Probes that arrive while one is asking PostgreSQL share its answer, whatever it is; a read-only one is shared for
    /// <see cref="ReadOnlyAnswerKept"/> after it came. Any other answer is asked afresh: readiness follows the database
    /// within a probe (a schema put back, PostgreSQL back).
    /// </remarks>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<Answer> asking;
        lock (_gate)
        {
            if (_answer is not { } last || (last.IsCompleted && !(last.IsCompletedSuccessfully && last.Result.Problem is ReadOnly or InRecovery
                    && System.Diagnostics.Stopwatch.GetElapsedTime(last.Result.At) < ReadOnlyAnswerKept)))
                _answer = Task.Run(AskAsync); // its first steps (opening a connection) not under the gate
            asking = _answer;
        }
        var problem = (await asking.WaitAsync(cancellationToken)).Problem;
        return problem is not null ? new HealthCheckResult(context.Registration.FailureStatus, problem) : HealthCheckResult.Healthy();
    }

    /// <summary>
    /// How long a question may take. Not the probe's own cancellation, since others may be waiting for the same answer; and
    /// not Npgsql's timeouts (15 s to connect, 30 s a command), which on a server that stopped answering would hold back
    /// every probe's next question, and so the news of its recovery, that long.
    /// </summary>
    public static readonly TimeSpan QuestionTimeout = TimeSpan.FromSeconds(10);

    private async Task<Answer> AskAsync()
    {
        using var deadline = new CancellationTokenSource(QuestionTimeout);
        try
        {
            // Waited for at most the deadline even if Npgsql does not give up at the token: its cancellation asks the server,
            // which may be the one not answering (a stalled server held a probe past a minute).
            var problem = await ProblemAsync(dataSource, schema, deadline.Token).WaitAsync(QuestionTimeout);
            var before = outage.ReadinessIs(problem);
            // Marten's own pool (its commands: staff's changes, the kiosks' heartbeats) holds sessions begun read-only too
            // (ProblemAsync): dropped while read-only, and once more as it takes writes again, for those opened between
            // the last probe and the change (the service's own pool likewise).
            var writableAgain = problem is null && before is ReadOnly or InRecovery;
            if (writableAgain) dataSource.Clear();
            if ((problem is ReadOnly or InRecovery || writableAgain) && store.Storage.Database is Weasel.Postgresql.PostgresqlDatabase marten)
                await marten.ReleaseConnectionPoolAsync(deadline.Token);
            return new Answer(problem, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        catch (Exception e)
        {
            var reason = e is TimeoutException || (e is OperationCanceledException && deadline.IsCancellationRequested)
                ? new TimeoutException($"sin respuesta en {QuestionTimeout.TotalSeconds:0} s") : e;
            try
            {
                if (ProblemExceptionHandler.IsDatabaseFailure(reason)) outage.Unreachable(reason);
            }
            catch (Exception)
            {
                // The answer below matters more than the log's line; a faulted question would be shared by every probe.
            }
            return new Answer($"PostgreSQL no responde ({DatabaseOutageLog.Describe(reason)}). Revise que el servidor esté en marcha y que este " +
                "equipo lo alcance (ConnectionStrings__GobiernoAbierto).", System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Null when PostgreSQL answers, takes writes and (when a schema is given) holds the service's tables; else why not, in Spanish.</summary>
    public static async Task<string?> ProblemAsync(NpgsqlDataSource dataSource, string? schema, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            "select pg_is_in_recovery(), current_setting('transaction_read_only') = 'on', " +
            "$1::text is null or to_regclass(quote_ident($1) || '.mt_events') is not null");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)schema ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        if (reader.GetBoolean(0) || reader.GetBoolean(1))
        {
            // A session keeps the read-only default it began with: once the option is removed (or the standby promoted),
            // the pooled sessions would go on refusing writes, and this answer with them, until they idled out five minutes
            // later (an operator's drill). Dropped now, so the next question, and the next ballot, opens a fresh session.
            dataSource.Clear();
            return reader.GetBoolean(0) ? InRecovery : ReadOnly;
        }
        if (!reader.GetBoolean(2))
            return $"Falta el esquema «{schema}» del servicio en esta base de datos (no existe {schema}.mt_events): ¿es la base " +
                "correcta (ConnectionStrings__GobiernoAbierto, Marten__Schema)? El servicio crea sus tablas al arrancar.";
        return null;
    }

    public const string InRecovery = "PostgreSQL es un servidor de respaldo en recuperación (solo lectura): no puede registrar votos. Apunte el " +
        "servicio al servidor primario (ConnectionStrings__GobiernoAbierto, o el proxy de la base de datos).";

    public const string ReadOnly = "PostgreSQL acepta solo lectura (default_transaction_read_only): no puede registrar votos. Apunte el servicio " +
        "al servidor primario o quite esa opción.";

    public const string ReasonsWithheld = "No listo: el servicio no puede registrar votos en este momento. El motivo está en su registro.";

    /// <summary>
    /// The body of /health/ready and /health/live: "Healthy" when ready, else "No listo: " and each reason. The reasons
    /// name the database's address, schema and PostgreSQL's own words: they go to this machine (the container's
    /// healthcheck, an operator's curl) and to a staff or metrics credential; anyone else gets the status code and
    /// <see cref="ReasonsWithheld"/>.
    /// </summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        if (report.Status == HealthStatus.Healthy) return http.Response.WriteAsync("Healthy");
        if (!MayReadReasons(http)) return http.Response.WriteAsync(ReasonsWithheld);
        var reasons = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description ?? "sin motivo");
        return http.Response.WriteAsync("No listo: " + string.Join(" ", reasons));
    }

    private static bool MayReadReasons(HttpContext http) =>
        PublicHostingSetup.FromThisMachine(http) || http.User.IsInRole(Roles.Staff) || http.User.IsInRole(Roles.Metrics);
}
