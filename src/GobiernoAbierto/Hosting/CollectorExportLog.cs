using System.Diagnostics.Tracing;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// What the operator reads when the OpenTelemetry collector (OpenTelemetry:Otlp:Endpoint) cannot take what the service
/// pushes (README, "Observabilidad / metrics"): one warning when exports start failing, naming the endpoint and the
/// reason, and one line when an export succeeds again (how long, how many failed meanwhile). Not a line per failed
/// export: metrics go every minute and spans every few seconds, for as long as the collector is gone.
/// The OTLP exporter says nothing through ILogger; it reports each failure and success on its EventSource, which this
/// listens to. Only events naming this service's own endpoint count: the EventSource is one per process, and a test
/// process hosts many services. What is logged is the configured endpoint and the first line of the exporter's
/// error (a connection refused, a timeout, an HTTP or gRPC status): no span, metric or header.
/// </summary>
public sealed class CollectorExportLog : EventListener, IHostedService
{
    public const string ExporterEventSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private const int ExportSucceeded = 21; // ExportSuccess(endpoint, message)

    private readonly Lock _gate = new();
    private ILogger? _log;
    private string? _endpoint;
    private bool _failing;
    private long _failingSince;
    private long _failedExports;

    public CollectorExportLog(ILogger<CollectorExportLog> log, IConfiguration configuration)
    {
        lock (_gate)
        {
            _log = log;
            _endpoint = configuration["OpenTelemetry:Otlp:Endpoint"]?.Trim().TrimEnd('/');
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Called from the base constructor too (for sources that exist already), before the fields above are set.
        if (source.Name == ExporterEventSource) EnableEvents(source, EventLevel.Informational);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventSource.Name != ExporterEventSource || e.Payload is not { Count: > 0 } payload) return;
        lock (_gate)
        {
            // Every event about an export names its endpoint first; the others (configuration, translation) are not ours.
            if (_log is null || _endpoint is not { Length: > 0 } endpoint || payload[0] is not string about ||
                !about.TrimEnd('/').StartsWith(endpoint, StringComparison.OrdinalIgnoreCase))
                return;
            if (e.EventId == ExportSucceeded)
            {
                if (!_failing) return;
                _failing = false;
                _log.LogInformation("El colector OpenTelemetry en {Endpoint} vuelve a recibir trazas y métricas tras {Seconds} s; " +
                    "{Failed} envíos fallaron entretanto y sus datos se perdieron", endpoint,
                    (Environment.TickCount64 - _failingSince) / 1000, _failedExports);
                return;
            }
            if (e.Level > EventLevel.Warning) return;
            _failedExports++;
            if (_failing) return;
            _failing = true;
            _failingSince = Environment.TickCount64;
            _failedExports = 1;
            _log.LogWarning("No se pueden enviar trazas ni métricas al colector OpenTelemetry en {Endpoint} ({Reason}): se pierden " +
                "hasta que responda. Compruebe que el colector esté en marcha y que este equipo lo alcance, o corrija " +
                "OpenTelemetry__Otlp__Endpoint. Se avisará una vez cuando vuelva a recibirlas.", endpoint, Reason(e));
        }
    }

    /// <summary>The first line of the exporter's error, without the exception's type name (and never a response body).</summary>
    private static string Reason(EventWrittenEventArgs e)
    {
        var text = e.PayloadNames?.IndexOf("exceptionMessage") is >= 0 and var i ? e.Payload![i] as string
            : e.PayloadNames?.IndexOf("ex") is >= 0 and var j ? e.Payload![j] as string
            : e.PayloadNames?.IndexOf("statusString") is >= 0 and var k ? e.Payload![k] as string
            : null;
        if (string.IsNullOrWhiteSpace(text)) return e.EventName ?? "error del exportador";
        var line = text.Split('\n', 2)[0].Trim();
        // "System.Net.Http.HttpRequestException: Connection refused (127.0.0.1:4317)" -> "Connection refused (127.0.0.1:4317)"
        if (line.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon && !line[..colon].Contains(' ')) line = line[(colon + 2)..];
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
