using System.Text.RegularExpressions;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The operator set OpenTelemetry__Otlp__Endpoint, and the collector is not there (not started yet, a typo in the port,
/// a firewall). Before, every trace and metric was dropped without a word in the log. Now the log says so once, naming
/// the endpoint, and once more when the collector takes them again; not once per failed export.
/// </summary>
public sealed class when_the_opentelemetry_collector_cannot_be_reached
{
    [Fact]
    public async Task the_log_says_so_once_and_once_more_when_it_receives_again()
    {
        var port = ServiceHost.FreePort(); // nothing listens there: connection refused, as with the collector stopped
        var endpoint = $"http://127.0.0.1:{port}";
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string?>
        {
            ["OpenTelemetry__Otlp__Endpoint"] = endpoint,
            ["OpenTelemetry__Otlp__Protocol"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300", // milliseconds: a failed export every 0.3 s instead of every minute
        });
        await service.WaitUntilReadyAsync();

        const string Warning = "No se pueden enviar trazas ni métricas al colector OpenTelemetry en ";
        Assert.True(await service.WaitForOutputAsync(Warning, TimeSpan.FromSeconds(30)), "no warning: " + service.Output);
        await Task.Delay(TimeSpan.FromSeconds(3)); // ten more failed exports
        var log = service.Output;
        Assert.Single(Regex.Matches(log, Regex.Escape(Warning)));
        Assert.Contains($"{Warning}{endpoint} (", log);
        Assert.Contains("OpenTelemetry__Otlp__Endpoint", log);
        Assert.DoesNotContain("   at ", log); // no stack trace
        Assert.DoesNotContain("vuelve a recibir", log);

        using var collector = new OtlpReceiver(port);
        const string Again = $"El colector OpenTelemetry en ";
        Assert.True(await service.WaitForOutputAsync("vuelve a recibir trazas y métricas", TimeSpan.FromSeconds(30)), "no recovery line: " + service.Output);
        await Task.Delay(TimeSpan.FromSeconds(1));
        log = service.Output;
        Assert.Single(Regex.Matches(log, Regex.Escape($"{Again}{endpoint} vuelve a recibir trazas y métricas tras ")));
        Assert.Single(Regex.Matches(log, Regex.Escape(Warning)));
        Assert.NotEmpty(collector.Received);
    }
}
