using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Turns what escapes an endpoint into a Spanish problem details: concurrency to 409, a database that cannot serve now
/// (<see cref="IsDatabaseFailure"/>) to 503, anything else (a schema or permission fault included) to 500 with nothing
/// about internals. Every write happens in one transaction, so whatever
/// failed left nothing half-written.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger, DatabaseOutageLog outage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        var rejection = exception switch
        {
            _ when IsLostRace(exception) => Problems.ConcurrentChange,
            Ballots.SealedUrnAlteredException => Ballots.SealedUrnAlteredException.Problem,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.BodyTooLarge(Problems.BodyLimitOf(context)),
            BadHttpRequestException bad => new Rejection("bad_request", "Solicitud inválida", "La solicitud no se pudo leer.", bad.StatusCode),
            _ when IsDatabaseFailure(exception) => UnansweredCommit.MayHaveCommitted(context, exception)
                ? Problems.WriteOutcomeUnknown : Problems.DatabaseUnavailable,
            _ => Problems.Unexpected,
        };
        // Only a real server fault is an error with its stack (a schema or permission fault included); a database outage
        // is counted by the outage log (a warning when it starts, then one a minute: it is not ours to fix in code, and
        // it answers 503); what a client caused (an unreadable body, a lost race) is one line of information.
        var route = RouteOf(context);
        if (rejection.Status < 500)
            logger.LogInformation("{Code} on {Path}: {Reason}", rejection.Code, route, exception.Message);
        else if (rejection == Problems.DatabaseUnavailable || rejection == Problems.WriteOutcomeUnknown)
            outage.Refused(route, exception);
        else logger.LogError(exception, "{Code} on {Path}", rejection.Code, route);
        // People read the consoles: a console page that says what happened (Program.cs sends answers without a body
        // there too), not problem details in JSON, e.g. a sign-in while PostgreSQL does not answer.
        if (context.Request.Path.StartsWithSegments("/consola") && !context.Request.Path.StartsWithSegments("/consola/error"))
        {
            // A lost race or an outage: the page the person was on is worth going back to (a GET of it; the form's draft is
            // kept by consola-borrador.js).
            var back = rejection.Status is StatusCodes.Status409Conflict or StatusCodes.Status503ServiceUnavailable
                ? "&volver=" + Uri.EscapeDataString(context.Request.Path.Value ?? "/consola") : "";
            var uncertain = rejection == Problems.WriteOutcomeUnknown ? "&motivo=incierto"
                : rejection == Problems.DatabaseUnavailable && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    ? "&motivo=consulta" : "";
            context.Response.Redirect($"/consola/error?estado={rejection.Status}{uncertain}{back}");
            return true;
        }
        await Problems.WriteAsync(context, rejection);
        return true;
    }

    /// <summary>
    /// Another request changed the stream first: a concurrent append, a lock, or a stream started under an identifier
    /// another request started a moment before (a create command whose client chose the identifier, sent twice at once).
    /// </summary>
    public static bool IsLostRace(Exception exception) => exception is ConcurrencyException or StreamLockedException
        or ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;

    /// <summary>
    /// Where it happened, as the log may say it: the endpoint's route template (`/api/receipts/{receipt}`), never the
    /// raw path, which holds a receipt code on the receipt check (README, "What telemetry never carries"); a request no
    /// endpoint matched outside the API (a static file) by its path.
    /// </summary>
    public static string RouteOf(HttpContext context) =>
        // The exception handler clears the request's endpoint before it calls us; its feature keeps the one that failed.
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint()) is RouteEndpoint { RoutePattern.RawText: { } template }
            ? "/" + template.TrimStart('/')
        : context.Request.Path.StartsWithSegments("/api") ? "/api/…" : context.Request.Path.ToString();

    /// <summary>
    /// The database cannot serve us right now (it stopped, restarts, fails over, is full, is a read-only standby): a 503
    /// that the client retries and the operator reads as an outage. Decided on the whole InnerException chain (Marten
    /// wraps what Npgsql throws). A PostgreSQL error decides by its SQLSTATE (<see cref="IsOutageState"/>); without one,
    /// an Npgsql error is about the connection itself (refused, reset, timed out, the pool exhausted), and so are a
    /// timeout and the exceptions Npgsql raises on a connection it had to drop (ObjectDisposedException: NpgsqlTransaction;
    /// "Transaction is already completed"; deploy/failover/README.md). A schema or permission fault (a
    /// missing table or column, 42501, a trigger raising) is not an outage: it is a fault to fix, a 500 logged with its stack.
    /// </summary>
    public static bool IsDatabaseFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException postgres)
                return IsOutageState(postgres.SqlState);
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException or TimeoutException or ObjectDisposedException { ObjectName: "NpgsqlTransaction" }
                || e is InvalidOperationException or ObjectDisposedException && e.Source == "Npgsql"
                // Marten retries an append Npgsql calls transient (a full disk, 53100) inside the group commit's own
                // transaction, which the failure already ended: what surfaces is this, not the PostgreSQL error.
                || e is InvalidOperationException { Message: "Transaction is already completed" })
                return true;
        return false;
    }

    /// <summary>
    /// The SQLSTATEs that say the database cannot serve now, not that our SQL or schema is wrong: class 08 (connection
    /// exceptions), class 53 (insufficient resources: disk full, out of memory, 53300 too many connections), 57P01-57P03
    /// (shut down by an administrator, crashed, not accepting connections yet), 57014 (a statement cancelled, e.g. by
    /// statement_timeout), 58 (I/O errors outside PostgreSQL), 25006 (a read-only transaction: the server is a standby,
    /// e.g. the old primary after a failover), 40001 and 40P01 (serialization failure, deadlock: retrying succeeds) and
    /// 55P03 (a lock not available in time).
    /// </summary>
    public static bool IsOutageState(string? sqlState) => sqlState is { Length: 5 } state && (
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state.StartsWith("58", StringComparison.Ordinal)
        || state is "57P01" or "57P02" or "57P03" or "57014" or "25006" or "40001" or "40P01" or "55P03");

    /// <summary>
    /// Problems that ASP.NET or Wolverine write themselves (malformed JSON, 404 of an unknown route, 415) get a
    /// Spanish title and a machine-readable code too.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code")) return;
        var wrongType = problem is { Status: 400, Title: WolverineUnreadableJson } ? WrongJsonType.Read(problem.Detail) : null;
        var (code, title, detail) = problem.Status switch
        {
            400 when wrongType is { } wrong => (Problems.MalformedBody.Code, Problems.MalformedBody.Title, wrong.Detail),
            400 when problem.Title == WolverineUnreadableJson && WrongJsonType.Where(problem.Detail) is { } where =>
                (Problems.MalformedBody.Code, Problems.MalformedBody.Title, where),
            400 when problem.Title == WolverineUnreadableJson => (Problems.MalformedBody.Code, Problems.MalformedBody.Title, Problems.MalformedBody.Detail),
            400 => ("bad_request", "Solicitud inválida", "La solicitud no es válida."),
            401 => (Problems.Unauthenticated.Code, Problems.Unauthenticated.Title, Problems.Unauthenticated.Detail),
            403 => (Problems.Forbidden.Code, Problems.Forbidden.Title, Problems.Forbidden.Detail),
            404 => ("not_found", "No encontrado", "No existe el recurso solicitado. Revise la dirección y el identificador."),
            405 => ("method_not_allowed", "Método no permitido", "Esta dirección no admite ese método HTTP."),
            406 => ("not_acceptable", "Formato no disponible", "El servicio responde en JSON (application/json)."),
            413 when Problems.BodyTooLarge(Problems.BodyLimitOf(context.HttpContext)) is var tooLarge => (tooLarge.Code, tooLarge.Title, tooLarge.Detail),
            415 => (JsonBodies.UnsupportedMediaType.Code, JsonBodies.UnsupportedMediaType.Title, JsonBodies.UnsupportedMediaType.Detail),
            _ => (Problems.Unexpected.Code, Problems.Unexpected.Title, Problems.Unexpected.Detail),
        };
        problem.Type = $"urn:gobiernoabierto:problema:{code}";
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        // Per field, as a validation problem has them, so a client can show the message next to what it sent.
        if (wrongType is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [wrongType.Field] = [wrongType.Message] };
    }

    /// <summary>The title of the problem Wolverine (6.62, HttpHandler.ReadJsonAsync) writes for a JsonException.</summary>
    private const string WolverineUnreadableJson = "Invalid JSON format";
}

/// <summary>
/// A value of the wrong JSON type in a body (<c>{"optionId": 1}</c> where text goes), read from the problem Wolverine writes
/// for it: Wolverine keeps the JsonException to itself and passes on only its message, which System.Text.Json ends with
/// the JSON path of the value as the client spelled it ("The JSON value could not be converted to System.String. Path:
/// $.optionId | LineNumber: 0 | BytePositionInLine: 13."). That wording is pinned by unit tests that take it from the
/// real serializer. Broken JSON (a syntax error) is not this: it keeps the general problem.
/// </summary>
public sealed partial record WrongJsonType(string Field, string? Expected)
{
    /// <summary>The field came twice ({"voterId":"A…","voterId":"B…"}: AllowDuplicateProperties is false).</summary>
    public bool Twice { get; init; }

    public string Message => Twice ? "Viene dos veces." : Expected is null ? "No tiene el tipo esperado." : $"Se esperaba {Expected}.";

    public string Detail => Twice ? $"El campo «{Field}» viene dos veces: cada campo va una sola vez."
        : $"El campo «{Field}» no tiene el tipo esperado" + (Expected is null ? "." : $": se esperaba {Expected}.");

    /// <summary>
    /// Broken JSON where a value starts (NaN, Infinity, a word without quotes), said where it broke when System.Text.Json
    /// names a field there; null otherwise (the general problem: a missing comma is told at the whole body, $). The
    /// position is System.Text.Json's, in bytes: an accented letter before it counts two.
    /// </summary>
    public static string? Where(string? message)
    {
        if (message is null || SyntaxError().Match(message) is not { Success: true } match) return null;
        var path = match.Groups["path"].Value;
        if (path.Length < 2 || path.Length > 200) return null;
        var line = long.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        var at = long.Parse(match.Groups["byte"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        return $"El cuerpo de la solicitud no es JSON válido en el campo «{path.TrimStart('$').TrimStart('.')}» (línea {line}, byte {at}): " +
               "revise comillas, comas y llaves (NaN e Infinity no son números de JSON).";
    }

    public static WrongJsonType? Read(string? message)
    {
        // Named as the client spelled it, without its path (System.Text.Json gives none for this one).
        if (message is not null && DuplicateProperty().Match(message) is { Success: true } twice && twice.Groups["name"].Value is { Length: <= 200 } field)
            return new WrongJsonType(field, null) { Twice = true };
        if (message is null || ConversionFailure().Match(message) is not { Success: true } match) return null;
        var path = match.Groups["path"].Value;
        // "$" alone is the whole body (an array where an object goes): there is no field to name.
        if (path.Length < 2 || path.Length > 200) return null;
        var named = match.Groups["type"].Value;
        var type = Ours.GetType(named) ?? Type.GetType(named);
        // For a record's constructor parameter System.Text.Json names the record, not the parameter's type: the path's last
        // name is then one of the record's properties.
        if (type is { IsEnum: false } && type.Assembly == Ours && LastName().Match(path) is { Success: true } last
            && type.GetProperty(last.Groups["name"].Value, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
            type = property.PropertyType;
        var expected = type is not null ? Describe(type) : named.StartsWith("System.Collections.Generic.", StringComparison.Ordinal) ? AList : null;
        return new WrongJsonType(path.TrimStart('$').TrimStart('.'), expected);
    }

    private const string AList = "una lista [ … ]";
    public const string Utf8Text =
        "texto entre comillas, en UTF-8 (una letra acentuada o una ñ en otra codificación, como Latin-1 o Windows-1252, no se lee)";
    private static readonly Assembly Ours = typeof(WrongJsonType).Assembly;

    /// <summary>What the client should have sent for a value of this type, in Spanish; null for a type not listed.</summary>
    private static string? Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"uno de estos valores entre comillas: {string.Join(", ", Enum.GetNames(type))}";
        // Bytes that are not UTF-8 inside quotes (Latin-1 «Peña») are reported exactly as a number where text goes.
        if (type == typeof(string)) return Utf8Text;
        if (type == typeof(Guid)) return "un identificador UUID entre comillas";
        // 50.5, 1e30 or 99999999999 where a percentage goes were told «se esperaba un número»: they are numbers.
        if (type == typeof(int)) return "un número entero sin comillas ni decimales, de −2,147,483,648 a 2,147,483,647 (p. ej. 50)";
        if (type == typeof(long)) return "un número entero sin comillas ni decimales (p. ej. 50)";
        if (type == typeof(decimal) || type == typeof(double)) return "un número sin comillas, de no más de 28 cifras (p. ej. 1250000.50)";
        if (type == typeof(bool)) return "true o false";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return "una fecha y hora ISO 8601 con su desfase horario, entre comillas, p. ej. 2025-06-01T08:00:00-06:00 (hora de Querétaro) o 2025-06-01T14:00:00Z";
        if (type == typeof(DateOnly)) return "una fecha AAAA-MM-DD entre comillas";
        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return AList;
        return type.Assembly == Ours ? "un objeto { … }" : null;
    }

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+)\. Path: (?<path>.+) \| LineNumber: \d+ \| BytePositionInLine: \d+\.$",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LastName();

    [GeneratedRegex(@"^Duplicate property '(?<name>[^']+)' encountered during deserialization of type '[^']*'\.",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateProperty();

    /// <summary>The reader's own errors ("'N' is an invalid start of a value."), to which the serializer adds the path.</summary>
    [GeneratedRegex(@"^'.*' is an invalid .*\. Path: (?<path>.+) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)\.$",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SyntaxError();
}

/// <summary>
/// Wolverine (6.62, HttpHandler.ReadJsonAsync) logs a request body it cannot deserialize at Error with the
/// JsonException's stack, under the request type's category, before it answers 400. Malformed JSON is the client's
/// mistake, and at Error anyone could flood the error log; so that one entry becomes a line of information naming
/// where the JSON broke (not what it said). Every other entry, and a body that failed for any other reason than its
/// JSON (a fault of ours), passes through unchanged.
/// </summary>
/// <para>
/// The frameworks' own errors that are a database outage (Marten's async daemon logs "Failed while trying to detect high
/// water statistics" with its stack every second or two while PostgreSQL is gone) go to the outage log instead, which
/// says the outage once and summarizes it (<see cref="DatabaseOutageLog"/>); they stay in the log at Debug.
/// </para>
/// </summary>
public sealed class ClientMistakeLogger<T>(ILoggerFactory factory, IServiceProvider services) : ILogger<T>
{
    private const string WolverineUnreadableBody = "Error trying to deserialize JSON from incoming HTTP body";
    private readonly ILogger _inner = new Logger<T>(factory);
    private static readonly bool FromAFramework = typeof(T).Namespace?.Split('.')[0] is "Marten" or "JasperFx" or "Wolverine" or "Weasel";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (FromAFramework && logLevel >= LogLevel.Error && exception is not null && ProblemExceptionHandler.IsDatabaseFailure(exception)
            && services.GetService<DatabaseOutageLog>() is { } outage)
        {
            outage.Unreachable(exception);
            _inner.Log(LogLevel.Debug, eventId, state, exception, formatter);
        }
        else if (logLevel >= LogLevel.Error && exception is JsonException json && IsUnreadableBody(state, out var url))
            _inner.LogInformation("{Code} on {Path}: {Type} unreadable at {JsonPath} (line {Line}, byte {Byte})",
                Problems.MalformedBody.Code, url, typeof(T).Name, json.Path, json.LineNumber, json.BytePositionInLine);
        else _inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private static bool IsUnreadableBody<TState>(TState state, out object? url)
    {
        url = null;
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values) return false;
        var unreadable = false;
        foreach (var (key, value) in values)
        {
            if (key == "{OriginalFormat}") unreadable = value is string format && format.StartsWith(WolverineUnreadableBody, StringComparison.Ordinal);
            else if (key == "Url") url = value;
        }
        return unreadable;
    }
}

public static class ClientMistakeLogging
{
    /// <summary>Every ILogger&lt;T&gt; becomes a <see cref="ClientMistakeLogger{T}"/> (Wolverine asks for ILogger&lt;RequestType&gt;).</summary>
    public static IServiceCollection AddClientMistakeLogging(this IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(ClientMistakeLogger<>)));
}

/// <summary>
/// ASP.NET's own problem writer writes only for a request that accepts JSON; for one that says only text/html or
/// application/xml (a 406 from Wolverine, a 404 or 405 of the routing) the status-code pages then wrote an English
/// "Status Code: 406; Not Acceptable" as text/plain. Registered after the default writer, this one takes what the
/// default declines and writes the same Spanish problem as JSON: every error this service writes is problem+json.
/// </summary>
public sealed class FallbackProblemWriter(Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        // Its own type, so a validation problem keeps its "errors".
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), (JsonSerializerOptions?)null,
            "application/problem+json"));
    }
}

/// <summary>A resident's mistyped address: a browser asked for a page outside the API and the consoles, and there is none.</summary>
public static class MissingPage
{
    public static bool AskedByABrowser(HttpContext http) =>
        http.Response.StatusCode == StatusCodes.Status404NotFound && HttpMethods.IsGet(http.Request.Method)
        && !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/health")
        && !http.Request.Path.StartsWithSegments("/metrics")
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The answer when no-encontrado.html itself is missing (the pages not installed).</summary>
    public const string Bare = "<!doctype html><html lang=\"es-MX\"><meta charset=\"utf-8\"><title>Página no encontrada</title>" +
        "<h1>Página no encontrada</h1><p>Esta dirección no existe en el servicio.</p></html>";
}
