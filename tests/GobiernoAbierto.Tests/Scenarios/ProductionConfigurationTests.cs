using System.Net;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Outside Development and Testing the service refuses to start with configuration that would make a real vote unsafe,
/// and says which setting is wrong and how to fix it. The checks run before anything connects: these hosts have no
/// database to reach.
/// </summary>
public sealed class when_an_operator_starts_the_service_with_unsafe_configuration
{
    private const string DevelopmentVoterKeySecret = "ZGV2LW9ubHktdm90ZXIta2V5LXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24h";

    private static InsecureConfigurationException Refusal(Dictionary<string, string?> settings, string environment = "Production")
    {
        using var host = new ProductionHost(settings, environment);
        return Assert.Throws<InsecureConfigurationException>(host.Build);
    }

    private static Dictionary<string, string?> GoodWith(string key, string? value)
    {
        var settings = ProductionHost.GoodSettings();
        if (value is null) settings.Remove(key);
        else settings[key] = value;
        return settings;
    }

    [Theory]
    // The public demo values of appsettings.Development.json, as they are or hashed.
    [InlineData("Voting:VoterKeySecret", DevelopmentVoterKeySecret,
        "Voting:VoterKeySecret (Voting__VoterKeySecret) tiene un valor público de appsettings.Development.json", "openssl rand -base64 32")]
    [InlineData("Auth:Keys:0:TokenSha256", "SHA256:dev-personal-municipal",
        "Auth:Keys:0:TokenSha256 (Auth__Keys__0__TokenSha256) tiene un valor público", "openssl rand -base64 32")]
    [InlineData("Seed:Kiosks:0:Token", "kiosco_demo-felix-osores-01", "Seed:Kiosks:0:Token (Seed__Kiosks__0__Token) tiene un valor público", "openssl rand")]
    // Plain tokens and hashes that are not SHA-256.
    [InlineData("Auth:Keys:0:Token", "un-token-largo-y-aleatorio-pero-en-texto-plano",
        "Auth:Keys:0 («Personal municipal») trae el token en texto plano (Auth__Keys__0__Token)", "sha256sum")]
    [InlineData("Auth:Keys:1:TokenSha256", "abc123", "Auth:Keys:1 («IEEQ»): TokenSha256 (Auth__Keys__1__TokenSha256) no es un SHA-256", "tiene 6")]
    [InlineData("Auth:Keys:1:TokenSha256", "zz7d9a7c2b2b8f0e1d6f9a3c4b5e6d7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d", "no es un SHA-256 en hexadecimal", "sha256sum")]
    [InlineData("Auth:Keys:1:TokenSha256", null, "Auth:Keys:1 («IEEQ») no tiene TokenSha256", "sha256sum")]
    [InlineData("Auth:Keys:1:Role", "admin", "Auth:Keys:1 («IEEQ»): el rol «admin» (Auth__Keys__1__Role) no es uno de", "staff, auditor, credenciales, committee o metrics")]
    // The voter-key secret.
    [InlineData("Voting:VoterKeySecret", null, "Falta Voting:VoterKeySecret (Voting__VoterKeySecret)", "openssl rand -base64 32")]
    [InlineData("Voting:VoterKeySecret", "c29sby0xNi1ieXRlcy0hIQ==", "Voting:VoterKeySecret (Voting__VoterKeySecret) tiene 16 bytes; se requieren al menos 32", "openssl rand -base64 32")]
    [InlineData("Voting:VoterKeySecret", "esto no es base64!", "Voting:VoterKeySecret (Voting__VoterKeySecret) no es base64", "openssl rand -base64 32")]
    [InlineData("Voting:VoterKeySecret", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "Voting:VoterKeySecret (Voting__VoterKeySecret) no es aleatorio", "openssl rand -base64 32")]
    // Running behind the reverse proxy that terminates TLS.
    [InlineData("Hosting:PublicOrigin", null, "Falta Hosting:PublicOrigin (Hosting__PublicOrigin)", "https://")]
    [InlineData("Hosting:PublicOrigin", "http://participa.example.mx", "Hosting:PublicOrigin (Hosting__PublicOrigin) = «http://participa.example.mx» no es un origen https", "https://")]
    [InlineData("Hosting:PublicOrigin", "https://participa.example.mx/votar", "no es un origen https", "sin ruta")]
    [InlineData("Hosting:ReverseProxy:KnownProxies", null, "Falta Hosting:ReverseProxy:KnownProxies (Hosting__ReverseProxy__KnownProxies) o Hosting:ReverseProxy:KnownNetworks", "X-Forwarded-Proto")]
    [InlineData("Hosting:ReverseProxy:KnownProxies", "10.0.0.5, proxy.interno", "Hosting:ReverseProxy:KnownProxies (Hosting__ReverseProxy__KnownProxies): «proxy.interno» no es una dirección IP", "")]
    [InlineData("Hosting:ReverseProxy:KnownNetworks", "0.0.0.0/0", "«0.0.0.0/0» confiaría en cualquier cliente", "red del proxy")]
    [InlineData("Hosting:ReverseProxy:KnownNetworks", "0.0.0.0/1", "«0.0.0.0/1» confiaría en cualquier cliente", "red del proxy")]
    [InlineData("Hosting:ReverseProxy:KnownNetworks", "::/8", "«::/8» confiaría en cualquier cliente", "red del proxy")]
    [InlineData("Hosting:ReverseProxy:KnownNetworks", "10.0.0.0/33", "«10.0.0.0/33» no es una red CIDR", "")]
    // The two settings README's «Observabilidad / metrics» says never to set: they put row values and paths in the log.
    [InlineData("ConnectionStrings:GobiernoAbierto", "Host=127.0.0.1;Port=9;Database=none;Include Error Detail=true",
        "ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto) lleva «Include Error Detail=true»", "Quítelo de la cadena de conexión")]
    [InlineData("ConnectionStrings:GobiernoAbierto", "Host=127.0.0.1;Port=9;Database=none;IncludeErrorDetail=True", "lleva «Include Error Detail=true»", "Quítelo")]
    [InlineData("Logging:Console:IncludeScopes", "true", "Logging:Console:IncludeScopes (Logging__Console__IncludeScopes) = true", "póngalo en false")]
    [InlineData("Logging:Console:FormatterOptions:IncludeScopes", "True",
        "Logging:Console:FormatterOptions:IncludeScopes (Logging__Console__FormatterOptions__IncludeScopes) = True", "póngalo en false")]
    public void it_refuses_naming_the_setting_and_how_to_fix_it(string key, string? value, string problem, string fix)
    {
        if (value?.StartsWith("SHA256:", StringComparison.Ordinal) == true) value = ApiKeyAuthenticationHandler.HashToken(value["SHA256:".Length..]);

        var refusal = Refusal(GoodWith(key, value));

        var line = Assert.Single(refusal.Problems);
        Assert.Contains(problem, line);
        Assert.Contains(fix, line);
        Assert.StartsWith("GobiernoAbierto no arranca en el entorno «Production»", refusal.Message);
        Assert.Contains("Configuración de producción", refusal.Message);
    }

    [Fact]
    public void it_lists_every_problem_at_once_in_any_environment_but_development_and_testing()
    {
        var settings = GoodWith("Voting:VoterKeySecret", DevelopmentVoterKeySecret);
        settings["Auth:Keys:0:Token"] = "dev-personal-municipal";
        settings.Remove("Auth:Keys:0:TokenSha256");
        settings.Remove("Hosting:PublicOrigin");

        var refusal = Refusal(settings, environment: "Staging");

        Assert.StartsWith("GobiernoAbierto no arranca en el entorno «Staging»", refusal.Message);
        Assert.Equal(4, refusal.Problems.Count); // demo secret, demo token, plain token, no public origin
        Assert.Contains(refusal.Problems, p => p.StartsWith("Voting:VoterKeySecret (Voting__VoterKeySecret) tiene un valor público", StringComparison.Ordinal));
        Assert.Contains(refusal.Problems, p => p.StartsWith("Auth:Keys:0:Token (Auth__Keys__0__Token) tiene un valor público", StringComparison.Ordinal));
        Assert.Contains(refusal.Problems, p => p.StartsWith("Auth:Keys:0 («Personal municipal») trae el token en texto plano", StringComparison.Ordinal));
        Assert.Contains(refusal.Problems, p => p.StartsWith("Falta Hosting:PublicOrigin", StringComparison.Ordinal));
        foreach (var problem in refusal.Problems) Assert.Contains(problem, refusal.Message);
    }

    [Fact]
    public void a_missing_connection_string_is_listed_with_the_rest_not_thrown_after_them()
    {
        var settings = GoodWith("Voting:VoterKeySecret", "c29sby0xNi1ieXRlcy0hIQ==");
        // Blank, so that a GOBIERNOABIERTO_PG or ConnectionStrings__GobiernoAbierto of the test run's shell counts as missing too.
        settings["ConnectionStrings:GobiernoAbierto"] = "";
        settings["GOBIERNOABIERTO_PG"] = "";

        var refusal = Refusal(settings);

        Assert.Equal(2, refusal.Problems.Count);
        Assert.StartsWith("Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto, o GOBIERNOABIERTO_PG): la cadena de conexión",
            refusal.Problems[0]);
        Assert.Contains("deploy/local/ensure-postgres.sh", refusal.Problems[0]);
        Assert.Contains("tiene 16 bytes", refusal.Problems[1]);

        // A run only this machine can reach is refused it too: it could not start without one.
        var local = BenchmarkRun("http://127.0.0.1:5093");
        local["ConnectionStrings:GobiernoAbierto"] = "";
        local["GOBIERNOABIERTO_PG"] = "";
        Assert.StartsWith("Falta ConnectionStrings:GobiernoAbierto", Assert.Single(Assert.Throws<InsecureConfigurationException>(() => Enforce(local)).Problems));
    }

    [Fact]
    public void the_demo_configuration_itself_is_refused()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"))
            .Build();
        var problems = ProductionChecks.Find(development);
        // Its voter-key secret, five plain tokens (each also a demo value), two demo kiosk tokens; and no proxy settings.
        Assert.Contains(problems, p => p.StartsWith("Voting:VoterKeySecret (Voting__VoterKeySecret) tiene un valor público", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count(p => p.Contains("trae el token en texto plano", StringComparison.Ordinal)));
        Assert.Equal(2, problems.Count(p => p.StartsWith("Seed:Kiosks:", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.StartsWith("Falta Hosting:PublicOrigin", StringComparison.Ordinal));
    }

    /// <summary>How ../shared/tools/perf-ratio.sh and the benchmarks start it: Production, loopback only, plain tokens.</summary>
    private static Dictionary<string, string?> BenchmarkRun(string? urls) => new()
    {
        ["ConnectionStrings:GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none",
        ["Voting:VoterKeySecret"] = ProductionHost.VoterKeySecret,
        ["Auth:Keys:0:Name"] = "bench",
        ["Auth:Keys:0:Role"] = "staff",
        ["Auth:Keys:0:Token"] = "bench-staff",
        ["Auth:Keys:1:Name"] = "p",
        ["Auth:Keys:1:Role"] = "voter",
        ["Auth:Keys:1:Token"] = "bench-portal",
        ["urls"] = urls,
    };

    private static IReadOnlyList<string> Enforce(Dictionary<string, string?> settings) =>
        ProductionChecks.Enforce(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });

    [Theory]
    [InlineData("http://127.0.0.1:5093")]
    [InlineData("http://localhost:5000;http://[::1]:5001")]
    [InlineData(null)] // Kestrel's default, http://localhost:5000
    public void a_run_only_this_machine_can_reach_starts_with_plain_tokens_and_is_warned(string? urls)
    {
        var warnings = Enforce(BenchmarkRun(urls));

        Assert.Contains(warnings, w => w.StartsWith("Auth:Keys:0 («bench») trae el token en texto plano", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("el rol «voter»", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Falta Hosting:PublicOrigin", StringComparison.Ordinal));
    }

    /// <summary>
    /// A sealed urn off or of a few ballots lets whoever reads the database pair ballots with the voters of their commit:
    /// the benchmarks run that way on loopback (warned), a service facing the public is refused it.
    /// </summary>
    [Theory]
    [InlineData("0", "= 0: sin urna sellada")]
    [InlineData("1", "= 1: una mezcla de 1 esconde cada voto entre muy pocos")]
    [InlineData("9", "= 9: una mezcla de 9")]
    [InlineData("10", null)]
    [InlineData("25", null)]
    public void a_small_sealed_urn_is_refused_facing_the_public_and_warned_on_a_local_run(string mixSize, string? problem)
    {
        var local = BenchmarkRun("http://127.0.0.1:5093");
        local["Voting:Mixing:MixSize"] = mixSize;
        var warnings = Enforce(local);
        var facing = new Dictionary<string, string?>(local) { [PublicHosting.PublicOriginKey] = "https://participa.example.mx" };
        var refused = Assert.Throws<InsecureConfigurationException>(() => Enforce(facing)).Problems;

        const string prefix = "Voting:Mixing:MixSize (Voting__Mixing__MixSize) ";
        if (problem is null)
        {
            Assert.DoesNotContain(warnings, w => w.StartsWith(prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(refused, p => p.StartsWith(prefix, StringComparison.Ordinal));
            return;
        }
        Assert.Contains(warnings, w => w.StartsWith(prefix + problem, StringComparison.Ordinal));
        var refusal = Assert.Single(refused, p => p.StartsWith(prefix, StringComparison.Ordinal));
        Assert.StartsWith(prefix + problem, refusal);
        Assert.Contains("use al menos 10", refusal);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5093")]
    [InlineData("urls", "http://+:8080")]
    [InlineData("urls", "http://127.0.0.1:5093;http://10.0.0.10:8080")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://*:8080")]
    [InlineData(PublicHosting.PublicOriginKey, "https://participa.example.mx")] // a proxy on this machine: a real deployment
    [InlineData(PublicHosting.KnownProxiesKey, "127.0.0.1")]
    public void the_same_run_reachable_from_elsewhere_or_facing_the_public_is_refused(string key, string value)
    {
        var settings = BenchmarkRun("http://127.0.0.1:5093");
        settings[key] = value;

        var refusal = Assert.Throws<InsecureConfigurationException>(() => Enforce(settings));

        Assert.Contains(refusal.Problems, p => p.StartsWith("Auth:Keys:0 («bench») trae el token en texto plano", StringComparison.Ordinal));
    }

    [Fact]
    public void a_local_run_is_refused_the_settings_that_put_row_values_and_paths_in_the_log_and_false_is_no_problem()
    {
        var leaky = BenchmarkRun("http://127.0.0.1:5093");
        leaky["ConnectionStrings:GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none;Include Error Detail=true";
        leaky["Logging:Console:IncludeScopes"] = "true";
        var refusal = Assert.Throws<InsecureConfigurationException>(() => Enforce(leaky));
        Assert.Equal(2, refusal.Problems.Count);

        var off = GoodWith("Logging:Console:IncludeScopes", "false");
        off["ConnectionStrings:GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none;Include Error Detail=false";
        Assert.Empty(ProductionChecks.Find(new ConfigurationBuilder().AddInMemoryCollection(off).Build()));
    }

    [Fact]
    public void a_local_run_is_still_refused_the_demo_secrets_and_a_weak_voter_key_secret()
    {
        var demo = BenchmarkRun("http://127.0.0.1:5093");
        demo["Voting:VoterKeySecret"] = DevelopmentVoterKeySecret;
        var refusal = Assert.Throws<InsecureConfigurationException>(() => Enforce(demo));
        Assert.Equal("Voting:VoterKeySecret (Voting__VoterKeySecret) tiene un valor público", Assert.Single(refusal.Problems)[..69]);

        var weak = BenchmarkRun("http://127.0.0.1:5093");
        weak["Voting:VoterKeySecret"] = "c29sby0xNi1ieXRlcy0hIQ==";
        Assert.Contains("tiene 16 bytes", Assert.Single(Assert.Throws<InsecureConfigurationException>(() => Enforce(weak)).Problems));
    }

    [Fact]
    public void the_reverse_proxy_is_the_only_peer_whose_forwarded_headers_are_believed()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PublicHosting.KnownProxiesKey + ":0"] = "10.0.0.5",
            [PublicHosting.KnownProxiesKey + ":1"] = "fd00::5",
            [PublicHosting.KnownNetworksKey] = "10.1.0.0/24, 192.168.7.0/28",
        }).Build();

        var options = PublicHosting.Read(settings).ForwardedHeadersOptions();

        // ASP.NET's default trusts loopback; behind a proxy only the proxy is trusted.
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/24"), System.Net.IPNetwork.Parse("192.168.7.0/28")], options.KnownIPNetworks);
        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            options.ForwardedHeaders);
    }
}

public sealed class when_requests_with_forwarded_headers_come_from_a_peer_that_is_not_the_known_proxy
{
    /// <summary>
    /// Behind a proxy, X-Forwarded-For is believed only from a known proxy; from another peer it is ignored, and every
    /// resident coming that way shares one address's limits. The operator reads that in the log, once per peer, so a
    /// proxy left out of KnownProxies (or a way around it) is found before the voting day, without a line per request.
    /// </summary>
    [Fact]
    public async Task the_log_says_so_once_per_peer_and_never_for_requests_without_the_header()
    {
        var logs = new LogCapture();
        var settings = ProductionHost.GoodSettings(await TestDatabase.ConnectionStringAsync());
        settings[PublicHosting.KnownProxiesKey] = "10.0.0.5";
        await using var host = new ProductionHost(settings, logs: logs);
        host.StartOnKestrel();
        var client = host.Client();
        var mark = logs.Mark();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.DoesNotContain(logs.Since(mark), e => e.Message.Contains("X-Forwarded-For"));

        for (var i = 0; i < 3; i++)
        {
            using var relayed = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            relayed.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 7}");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(relayed)).StatusCode);
        }

        var warning = Assert.Single(logs.Since(mark), e => e.Message.Contains("X-Forwarded-For"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("desde esta misma máquina (127.0.0.1)", warning.Message);
        Assert.Contains("Hosting__ReverseProxy__KnownProxies", warning.Message);
        Assert.DoesNotContain("203.0.113", warning.Message); // a resident's address is not the operator's business here
    }
}

public sealed class when_the_known_proxy_relays_requests_without_saying_whose_they_are
{
    /// <summary>
    /// The image listens on `http://+:8080`, a dual-mode socket: an IPv4 proxy connects as `::ffff:10.0.0.5`. The forwarded
    /// headers middleware believes it by its IPv4 form, and the warning about a proxy that sends no X-Forwarded-For must know
    /// it too (it compared the mapped address with KnownProxies and the IPv4 networks, never equal, and never said a word).
    /// </summary>
    [Theory]
    [InlineData("::ffff:10.0.0.5", "10.0.0.5")]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("::ffff:192.168.1.20", "192.168.1.20")] // in KnownNetworks 192.168.1.0/24
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:10.0.0.6", null)]
    [InlineData("10.0.0.6", null)]
    public void a_known_proxy_on_a_dual_mode_socket_is_known_by_its_ipv4_form(string connected, string? known)
    {
        var proxies = new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions();
        proxies.KnownProxies.Clear();
        proxies.KnownIPNetworks.Clear();
        proxies.KnownProxies.Add(IPAddress.Parse("10.0.0.5"));
        proxies.KnownProxies.Add(IPAddress.Loopback);
        proxies.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("192.168.1.0/24"));
        Assert.Equal(known, PublicHostingSetup.KnownProxy(proxies, IPAddress.Parse(connected))?.ToString());
    }

    /// <summary>
    /// A proxy on this machine, listed in KnownProxies, that sends no X-Forwarded-For (HAProxy without `option forwardfor`):
    /// every resident counts as this machine, exempt from the per-address limits, and nothing said so. The log says it
    /// once; not for the proxy's own health probes, nor for requests it relays properly.
    /// </summary>
    [Fact]
    public async Task the_log_says_so_once()
    {
        var logs = new LogCapture();
        await using var host = new ProductionHost(ProductionHost.GoodSettings(await TestDatabase.ConnectionStringAsync()), logs: logs);
        host.StartOnKestrel();
        var client = host.Client();
        var mark = logs.Mark();
        using (var relayed = new HttpRequestMessage(HttpMethod.Get, "/api/jornadas"))
        {
            relayed.Headers.Add("X-Forwarded-For", "203.0.113.7");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(relayed)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.DoesNotContain(logs.Since(mark), e => e.Message.Contains("X-Forwarded-For"));

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jornadas")).StatusCode);

        var warning = Assert.Single(logs.Since(mark), e => e.Message.Contains("X-Forwarded-For"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("del proxy inverso 127.0.0.1 sin X-Forwarded-For", warning.Message);
        Assert.Contains("esta misma máquina, a la que no se aplican los límites por dirección", warning.Message);
        Assert.Contains("option forwardfor", warning.Message);
    }
}

/// <summary>The service in Production with a configuration that passes the checks, on a real PostgreSQL, behind a proxy at 127.0.0.1.</summary>
public sealed class ProductionService : IAsyncLifetime
{
    public ProductionHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = new ProductionHost(ProductionHost.GoodSettings(await TestDatabase.ConnectionStringAsync()));
        Host.StartOnKestrel();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class when_the_service_runs_in_production_behind_its_reverse_proxy(ProductionService production) : IClassFixture<ProductionService>
{
    /// <summary>A request as the proxy relays it: the resident's host name, and that their connection was HTTPS.</summary>
    private static HttpRequestMessage ThroughTheProxy(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "participa.example.mx";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    [Fact]
    public async Task it_starts_with_hashed_tokens_and_keeps_the_api_reference_for_staff()
    {
        var anonymous = production.Host.Client();
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.OK, (await production.Host.Client(ProductionHost.StaffToken).GetAsync("/openapi/v1.json")).StatusCode);
        await VotingApi.ExpectProblem(await anonymous.GetAsync("/openapi/v1.json"), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await production.Host.Client("dev-personal-municipal").GetAsync("/openapi/v1.json"),
            HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/scalar/v1")).StatusCode);
    }

    [Fact]
    public async Task the_consoles_antiforgery_cookie_relayed_over_https_is_secure()
    {
        var relayed = await production.Host.Client().SendAsync(ThroughTheProxy("/consola/entrar"));
        Assert.Equal(HttpStatusCode.OK, relayed.StatusCode);
        var antiforgery = Assert.Single(relayed.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task answers_relayed_over_https_carry_hsts_and_plain_http_ones_do_not()
    {
        var client = production.Host.Client();
        foreach (var path in new[] { "/index.html", "/js/api.js", "/api/jornadas", $"/api/jornadas/{Guid.NewGuid()}" })
        {
            var relayed = await client.SendAsync(ThroughTheProxy(path));
            Assert.Equal(SecurityHeaders.StrictTransportSecurity, relayed.Headers.GetValues("Strict-Transport-Security").Single());
            SecurityHeadersAssert.Present(relayed);

            var direct = await client.GetAsync(path);
            Assert.False(direct.Headers.Contains("Strict-Transport-Security"), $"{path} over plain http carries HSTS");
            SecurityHeadersAssert.Present(direct);
        }
    }
}

/// <summary>
/// Seed:LoadSample outside Development is allowed (a demonstration of the image), but an open Jornada whose voters and
/// codes are public, in a record nothing deletes, was loaded into a Production database without a word.
/// </summary>
public sealed class when_an_operator_starts_the_service_in_production_with_the_sample_data
{
    [Fact]
    public async Task the_log_warns_that_the_database_now_holds_an_open_jornada_with_public_codes()
    {
        var logs = new LogCapture();
        var settings = ProductionHost.GoodSettings(await TestDatabase.ConnectionStringAsync());
        settings["Seed:LoadSample"] = "true";
        await using var host = new ProductionHost(settings, logs: logs);
        host.StartOnKestrel();

        var warning = Assert.Single(logs.Since(0), e => e.Message.Contains("Seed__LoadSample", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("«Production»", warning.Message);
        Assert.Contains("Seed/SampleVoters.cs", warning.Message);
        Assert.Contains("nunca para una votación real", warning.Message);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health/ready")).StatusCode);
    }
}

/// <summary>
/// An instance without the async daemon is right beside one that runs it; alone, the Jornadas' bitácora and turnout by
/// quarter hour never advance, and the operator only had Marten's English line. The log says what stops and when it is fine.
/// </summary>
public sealed class when_an_operator_starts_the_service_in_production_without_the_daemon
{
    [Fact]
    public async Task the_log_warns_what_does_not_advance_unless_another_instance_runs_it()
    {
        var logs = new LogCapture();
        var settings = ProductionHost.GoodSettings(await TestDatabase.ConnectionStringAsync());
        settings["Marten:DaemonMode"] = "Disabled";
        await using var host = new ProductionHost(settings, logs: logs);
        host.StartOnKestrel();

        var warning = Assert.Single(logs.Since(0), e => e.Message.Contains("Marten__DaemonMode", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("no escribe la bitácora", warning.Message);
        Assert.Contains("otra instancia del servicio, sobre la misma base, corre con HotCold (el de omisión) o Solo", warning.Message);
        Assert.Contains("se queda sin lo que pase desde ahora", warning.Message);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task with_the_daemon_it_says_nothing_of_it()
    {
        var logs = new LogCapture();
        await using var host = new ProductionHost(ProductionHost.GoodSettings(await TestDatabase.ConnectionStringAsync()), logs: logs);
        host.StartOnKestrel();

        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health/ready")).StatusCode);
        Assert.DoesNotContain(logs.Since(0), e => e.Message.Contains("Marten__DaemonMode", StringComparison.Ordinal));
    }
}
