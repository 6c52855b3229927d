using System.Diagnostics;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Metrics and traces (README, "Observabilidad / metrics"). Metrics are always collected and scraped at /metrics by a
/// staff or metrics credential. Traces (HTTP server, PostgreSQL, group commits) and an OTLP push of both are on only
/// when OpenTelemetry:Otlp:Endpoint is set; nothing here is needed to run or test the service.
/// What may reach a span: the route template, never the path (GET /api/receipts/{receipt} has the receipt in its
/// path) nor the query string (/recibo.html?codigo=… has it in its query); SQL text with $n placeholders, never the
/// parameter values (Npgsql does not record them).
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "gobiernoabierto";

    /// <summary>Attributes of an HTTP server span that carry what the client sent, which may be a receipt.</summary>
    private static readonly string[] ClientSuppliedAttributes = ["url.path", "url.query", "url.full", "user_agent.original"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = OtlpSettings.From(configuration);
        if (otlp is not null)
        {
            // Before OpenTelemetry's own hosted service, which starts the exporters: a collector not there says so once.
            services.AddSingleton<CollectorExportLog>();
            services.AddHostedService(provider => provider.GetRequiredService<CollectorExportLog>());
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(VotingMetrics.MeterName)
                    .AddAspNetCoreInstrumentation() // http.server.request.duration by route template, Kestrel connections
                    .AddNpgsqlInstrumentation()     // connection pool use and command durations
                    .AddMeter("System.Runtime")     // CPU, GC, thread pool
                    .AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => otlp.Apply(o, "v1/metrics"));
            })
            .WithTracing(tracing =>
            {
                // Without an exporter nothing would read a span: sample none and make none.
                tracing.SetSampler(otlp is null ? new AlwaysOffSampler() : new ParentBasedSampler(new AlwaysOnSampler()))
                    .AddSource(VotingMetrics.MeterName)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath) && !http.Request.Path.StartsWithSegments("/health");
                        o.EnrichWithHttpRequest = (activity, _) => RemoveClientSuppliedAttributes(activity);
                        o.EnrichWithHttpResponse = (activity, _) => RemoveClientSuppliedAttributes(activity);
                    })
                    .AddNpgsql();
                if (otlp is not null) tracing.AddOtlpExporter(o => otlp.Apply(o, "v1/traces"));
            });
        return services;
    }

    /// <summary>The Prometheus scrape endpoint, for staff or a metrics-only credential (Roles.Metrics); never anonymous.</summary>
    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.StaffOrMetrics });

    /// <summary>The span keeps http.route (the template, set when the request ends) and loses the raw path and query.</summary>
    private static void RemoveClientSuppliedAttributes(Activity activity)
    {
        foreach (var attribute in ClientSuppliedAttributes) activity.SetTag(attribute, null);
    }

    /// <summary>
    /// What is wrong with the OTLP settings, in Spanish with how to fix it (ProductionChecks lists these in every
    /// environment): the service cannot start with them, and an endpoint without its scheme would otherwise be taken as a
    /// URI of another scheme and drop every span and metric without a word.
    /// </summary>
    public static IEnumerable<string> ConfigurationProblems(IConfiguration configuration)
    {
        var section = configuration.GetSection("OpenTelemetry:Otlp");
        if (section["Endpoint"] is not { Length: > 0 } endpoint) yield break;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            yield return $"OpenTelemetry:Otlp:Endpoint (OpenTelemetry__Otlp__Endpoint) = «{endpoint}» no es una dirección completa con " +
                "http:// o https://: escriba la del colector, p. ej. http://otel-collector:4317 (grpc) o http://otel-collector:4318 " +
                "(http/protobuf), o quite la variable para no enviar trazas ni métricas.";
        if (section["Protocol"] is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf"))
            yield return $"OpenTelemetry:Otlp:Protocol (OpenTelemetry__Otlp__Protocol) = «{protocol}» no es grpc ni http/protobuf: " +
                "escriba uno de los dos (grpc, el de omisión, suele ir al puerto 4317; http/protobuf al 4318).";
        if (section["Headers"] is { Length: > 0 } headers &&
            headers.Split(',').Any(h => h.IndexOf('=') is var eq && (eq <= 0 || string.IsNullOrWhiteSpace(h[..eq]))))
            yield return "OpenTelemetry:Otlp:Headers (OpenTelemetry__Otlp__Headers) no tiene la forma clave=valor,clave2=valor2 " +
                "(p. ej. authorization=Bearer …).";
    }

    /// <summary>OpenTelemetry:Otlp: Endpoint (off when empty), Protocol (grpc or http/protobuf), Headers ("k=v,k2=v2").</summary>
    private sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol, string? Headers)
    {
        public static OtlpSettings? From(IConfiguration configuration)
        {
            var section = configuration.GetSection("OpenTelemetry:Otlp");
            if (section["Endpoint"] is not { Length: > 0 } endpoint) return null;
            var protocol = section["Protocol"] switch
            {
                null or "" or "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                var other => throw new InvalidOperationException(
                    $"OpenTelemetry:Otlp:Protocol is grpc or http/protobuf, not '{other}'."),
            };
            return new OtlpSettings(new Uri(endpoint), protocol, section["Headers"]);
        }

        /// <param name="signalPath">Over http/protobuf the exporter posts to the URL as given, so the signal's path is added.</param>
        public void Apply(OtlpExporterOptions options, string signalPath)
        {
            options.Protocol = Protocol;
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : Endpoint;
            if (Headers is { Length: > 0 }) options.Headers = Headers;
        }
    }
}
