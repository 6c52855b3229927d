using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// The real service on Kestrel at 127.0.0.1, on a real PostgreSQL, in a schema of its own: what voters, IEEQ and
/// staff talk to. A second instance on the same schema is a restart, or another node of a cluster.
/// </summary>
public class ServiceHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string StaffToken = "test-staff";
    public const string AuditorToken = "test-auditor";
    public const string VoterPortalToken = "test-portal";
    public const string CommitteeToken = "test-committee";
    public const string CredentialAuthorityToken = "test-credenciales";
    public const string MetricsToken = "test-metrics";
    /// <summary>A staff credential whose name ends in parentheses, as the development configuration's do.</summary>
    public const string StaffInDevelopmentToken = "test-staff-desarrollo";
    public const string StaffInDevelopmentName = "Personal municipal (desarrollo)";
    public const string VoterKeySecret = "dGVzdC1vbmx5LXNlY3JldC1mb3ItdGhlLXZvdGVyLWtleXMtMzJieXRlcw==";

    public string ConnectionString { get; private set; } = "";
    public string Schema { get; }
    public TestClock Clock { get; } = new();

    /// <summary>Everything this host logged.</summary>
    public LogCapture Logs { get; } = new();
    public Uri BaseAddress { get; }
    private readonly int _port;
    private readonly bool _loadSample;

    private readonly string _daemonMode;

    private readonly int _mixSize;
    private readonly int? _permitsPerMinute;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="daemonMode">Solo for the one host that keeps async projections; Disabled for extra nodes.</param>
    /// <param name="mixSize">
    /// The sealed urn's mix size. 0 (every commit goes into the chain at once) unless a test is about the urn, so the
    /// other scenarios see their few ballots in the tally right away.
    /// </param>
    /// <param name="permitsPerMinute">
    /// When set, the rate limits (RateLimits) apply to the tests' own loopback address too, with this many permits each
    /// (a minute; for a kiosk's ballots and padrón checks, in a row, then their paces of six and twelve a minute).
    /// </param>
    /// <param name="settings">Settings of the service's own, over the ones above.</param>
    public ServiceHost(string schema, bool loadSample = false, string daemonMode = "Solo", int mixSize = 0, int? permitsPerMinute = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _permitsPerMinute = permitsPerMinute;
        Schema = schema;
        _mixSize = mixSize;
        _loadSample = loadSample;
        _daemonMode = daemonMode;
        _port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{_port}");
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await ConnectionStringForServiceAsync();
        UseKestrel(_port);
        StartServer();
    }

    public new async Task DisposeAsync() => await base.DisposeAsync();

    /// <summary>What the service connects to: the tests' PostgreSQL, or a relay to it (<see cref="PostgresRelay"/>).</summary>
    protected virtual Task<string> ConnectionStringForServiceAsync() => TestDatabase.ConnectionStringAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Hosting.ProductionChecks.TestingEnvironment);
        builder.UseSetting("ConnectionStrings:GobiernoAbierto", ConnectionString);
        builder.UseSetting("Marten:Schema", Schema);
        builder.UseSetting("Marten:DaemonMode", _daemonMode);
        builder.UseSetting("Voting:VoterKeySecret", VoterKeySecret);
        builder.UseSetting("Voting:GroupCommit:MaxWait", "00:00:00.030");
        builder.UseSetting("Voting:Mixing:MixSize", _mixSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Auth:Keys:0:Name", "Personal de prueba");
        builder.UseSetting("Auth:Keys:0:Role", "staff");
        builder.UseSetting("Auth:Keys:0:Token", StaffToken);
        builder.UseSetting("Auth:Keys:1:Name", "Auditora IEEQ de prueba");
        builder.UseSetting("Auth:Keys:1:Role", "auditor");
        builder.UseSetting("Auth:Keys:1:TokenSha256", Hosting.ApiKeyAuthenticationHandler.HashToken(AuditorToken));
        builder.UseSetting("Auth:Keys:2:Name", "Portal en línea de prueba");
        builder.UseSetting("Auth:Keys:2:Role", "voter");
        builder.UseSetting("Auth:Keys:2:Token", VoterPortalToken);
        builder.UseSetting("Auth:Keys:3:Name", "Secretaría Técnica de prueba");
        builder.UseSetting("Auth:Keys:3:Role", "committee");
        builder.UseSetting("Auth:Keys:3:Token", CommitteeToken);
        builder.UseSetting("Auth:Keys:4:Name", "Autoridad de credenciales de prueba");
        builder.UseSetting("Auth:Keys:4:Role", "credenciales");
        builder.UseSetting("Auth:Keys:4:Token", CredentialAuthorityToken);
        builder.UseSetting("Auth:Keys:5:Name", "Prometheus de prueba");
        builder.UseSetting("Auth:Keys:5:Role", "metrics");
        builder.UseSetting("Auth:Keys:5:Token", MetricsToken);
        builder.UseSetting("Auth:Keys:6:Name", StaffInDevelopmentName);
        builder.UseSetting("Auth:Keys:6:Role", "staff");
        builder.UseSetting("Auth:Keys:6:Token", StaffInDevelopmentToken);
        if (_permitsPerMinute is { } permits)
        {
            builder.UseSetting("RateLimits:ExemptLoopback", "false");
            foreach (var limit in new[] { "BallotsPerMinute", "ChecksPerMinute", "FailedAuthenticationsPerMinute", "KioskBallotsInARow", "KioskChecksInARow" })
                builder.UseSetting($"RateLimits:{limit}", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        builder.UseSetting("Seed:LoadSample", _loadSample ? "true" : "false");
        builder.UseSetting("Seed:Kiosks:0:Id", "kiosco-demo");
        builder.UseSetting("Seed:Kiosks:0:Name", "Kiosco de demostración");
        builder.UseSetting("Seed:Kiosks:0:Location", "Delegación");
        builder.UseSetting("Seed:Kiosks:0:Token", "kiosco_demo-token");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public HttpClient Client(string? token = null) => TestHttp.Client(BaseAddress, token, TimeSpan.FromSeconds(60));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The host most scenarios share: one service, one schema, tests in sequence. Like every test host it runs the endpoints'
/// code generated ahead of time (Internal/Generated, README «Generated endpoint code»), as a deployment does, so no
/// endpoint waits for Roslyn at its first request.
/// </summary>
public sealed class ServiceFixture() : ServiceHost(TestDatabase.NewSchemaName());

[CollectionDefinition(Name)]
public sealed class SharedService : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
