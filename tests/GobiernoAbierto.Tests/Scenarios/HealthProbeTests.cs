using System.Net;
using System.Net.Sockets;
using GobiernoAbierto.Hosting;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// `healthcheck` as an operator types it at the server: with the service's address alone it asks /health/ready (the
/// home page answers 200 with PostgreSQL down), and it says what it found in one Spanish line, not only an exit code.
/// A stand-in service answers here: its home page 200, its readiness 503, as the real one does without PostgreSQL.
/// </summary>
public sealed class when_an_operator_asks_whether_the_service_is_ready : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string address;
    private readonly List<string> asked = [];

    public when_an_operator_asks_whether_the_service_is_ready()
    {
        using (var free = new TcpListener(IPAddress.Loopback, 0))
        {
            free.Start();
            address = $"http://127.0.0.1:{((IPEndPoint)free.LocalEndpoint).Port}";
        }
        listener.Prefixes.Add(address + "/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                lock (asked) asked.Add(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = context.Request.Url!.AbsolutePath == HealthProbe.ReadyPath ? 503 : 200;
                context.Response.Close();
            }
        });
    }

    public void Dispose() => listener.Close();

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task the_services_address_alone_asks_its_readiness_not_its_home_page(string slash)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await HealthProbe.RunAsync([address + slash], output, error);

        Assert.Equal(1, exitCode);
        Assert.Equal([HealthProbe.ReadyPath], asked);
        Assert.Equal($"healthcheck: no listo: {address}{HealthProbe.ReadyPath} respondió 503 (vea el registro del servicio).",
            error.ToString().Trim());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task a_service_that_does_not_answer_is_named_with_the_reason()
    {
        listener.Close();
        var error = new StringWriter();

        Assert.Equal(1, await HealthProbe.RunAsync([address + HealthProbe.ReadyPath], TextWriter.Null, error));

        Assert.StartsWith($"healthcheck: no listo: {address}{HealthProbe.ReadyPath} no respondió (", error.ToString());
        Assert.Contains("¿Está arrancado el servicio, y en esa dirección?", error.ToString());
    }

    [Fact]
    public async Task a_ready_service_is_said_to_be_ready()
    {
        var output = new StringWriter();

        Assert.Equal(0, await HealthProbe.RunAsync([address + "/index.html"], output, TextWriter.Null));

        Assert.Equal($"healthcheck: listo ({address}/index.html respondió 200).", output.ToString().Trim());
    }

    [Theory]
    [InlineData("http://+:8080", null, "http://127.0.0.1:8080/health/ready")]
    [InlineData("http://0.0.0.0:5183;https://0.0.0.0:5443", null, "http://127.0.0.1:5183/health/ready")]
    [InlineData("http://10.0.0.10:8080", null, "http://10.0.0.10:8080/health/ready")]
    [InlineData(null, "5183", "http://127.0.0.1:5183/health/ready")]
    [InlineData(null, null, HealthProbe.DefaultUrl)]
    public void without_an_address_it_asks_where_this_environment_says_the_service_listens(string? urls, string? httpPorts, string expected) =>
        Assert.Equal(expected, HealthProbe.DefaultFromEnvironment(urls, httpPorts));
}
