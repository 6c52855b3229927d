using System.Net;
using System.Net.Sockets;
using GobiernoAbierto.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// The service started as an operator would start it for a real vote: environment Production (or another one that is
/// not Development or Testing), only the settings given here, tokens as SHA-256 hashes, behind a reverse proxy at
/// 127.0.0.1. <see cref="GoodSettings"/> is a configuration that starts; each refusal test spoils one setting of it.
/// </summary>
public sealed class ProductionHost(IReadOnlyDictionary<string, string?> settings, string environment = "Production", LogCapture? logs = null)
    : WebApplicationFactory<Program>
{
    public const string StaffToken = "produccion-personal-7Qk2vN9xR4mT8wZ1";
    public const string PublicOrigin = "https://participa.example.mx";
    public static readonly string StaffTokenSha256 = ApiKeyAuthenticationHandler.HashToken(StaffToken);

    /// <summary>A random 32-byte secret, as `openssl rand -base64 32` makes one.</summary>
    public static readonly string VoterKeySecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public Uri? BaseAddress { get; private set; }

    /// <param name="connectionString">Nothing connects before the checks: refusal tests may pass one that leads nowhere.</param>
    public static Dictionary<string, string?> GoodSettings(string connectionString = "Host=127.0.0.1;Port=9;Database=none") => new()
    {
        ["ConnectionStrings:GobiernoAbierto"] = connectionString,
        ["Marten:Schema"] = TestDatabase.NewSchemaName(),
        ["Marten:DaemonMode"] = "Solo",
        ["Voting:VoterKeySecret"] = VoterKeySecret,
        ["Auth:Keys:0:Name"] = "Personal municipal",
        ["Auth:Keys:0:Role"] = "staff",
        ["Auth:Keys:0:TokenSha256"] = StaffTokenSha256,
        ["Auth:Keys:1:Name"] = "IEEQ",
        ["Auth:Keys:1:Role"] = "auditor",
        ["Auth:Keys:1:TokenSha256"] = ApiKeyAuthenticationHandler.HashToken("produccion-ieeq-Hc3pW8sL0fB6yD2u").ToUpperInvariant(),
        [PublicHosting.PublicOriginKey] = PublicOrigin,
        [PublicHosting.KnownProxiesKey] = "127.0.0.1",
    };

    /// <summary>
    /// <see cref="GoodSettings"/> on the test database without the IEEQ's key, started: a service with no IEEQ at all, as
    /// ../shared/tools/perf-ratio.sh runs it (its kiosks need no authorization: IeeqPresence).
    /// </summary>
    public static async Task<ProductionHost> StartWithoutTheIeeqAsync()
    {
        var settings = GoodSettings(await TestDatabase.ConnectionStringAsync());
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Auth:Keys:1:", StringComparison.Ordinal)).ToList()) settings.Remove(key);
        var host = new ProductionHost(settings);
        host.StartOnKestrel();
        return host;
    }

    /// <summary>Starts it on Kestrel at 127.0.0.1 (needs a reachable PostgreSQL in the settings).</summary>
    public void StartOnKestrel()
    {
        var port = FreePort();
        UseKestrel(port);
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        StartServer();
    }

    /// <summary>Builds the host without listening; what refusals are tested with.</summary>
    public void Build() => _ = Services;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (logs is not null) builder.ConfigureLogging(logging => logging.AddProvider(logs));
    }

    public HttpClient Client(string? token = null) =>
        TestHttp.Client(BaseAddress ?? throw new InvalidOperationException("Not started on Kestrel."), token);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
