using System.Net;
using System.Diagnostics;
using GobiernoAbierto.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// `dotnet GobiernoAbierto.dll …` as a newcomer types it from the README, in a shell with none of the service's
/// configuration: every command ends with a Spanish message and its documented exit code (0 done, 1 refused, 2 wrong
/// usage or could not do it), never an unhandled exception.
/// </summary>
public sealed class when_an_operator_runs_a_command_from_a_shell
{
    private static Task<ServiceCommand.Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ServiceCommand.RunAsync(environment, TimeSpan.FromMinutes(1), args);

    private static Task<ServiceCommand.Run> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private static void NoStackTrace(ServiceCommand.Run run)
    {
        Assert.DoesNotContain("Unhandled exception", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("   at ", run.Output); // the console log, as the host's «Hosting failed to start» would write it
    }

    private static readonly string[] CreateAdmin = ["accounts", "create-admin", "--user", "ana.admin", "--name", "Ana Administradora"];

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task help_lists_every_command_and_how_to_start_the_service(string help)
    {
        var run = await RunAsync(help);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Hosting.CommandLine.Usage.Trim(), run.Output.Trim());
        foreach (var command in new[] { "verify", "healthcheck [URL]", "accounts create-admin --user USUARIO", "accounts code CLAVE", "projections list | rebuild", "arranca el servicio", "./run.sh" })
            Assert.Contains(command, run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task a_word_that_is_no_command_is_wrong_usage_and_does_not_start_the_service()
    {
        var run = await RunAsync("acounts", "create-admin");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("«acounts» no es un comando de GobiernoAbierto (son: verify, healthcheck, accounts, projections, codegen).", run.Error);
        Assert.Contains(Hosting.CommandLine.Usage.Trim(), run.Error);
        NoStackTrace(run);
    }

    [Fact]
    public async Task create_admin_as_the_readme_gives_it_without_configuration_lists_what_is_missing_and_how_to_set_it()
    {
        var run = await RunAsync(CreateAdmin);

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith("accounts create-admin no puede usar esta configuración (entorno «Production»)", run.Error);
        // The service's own list (ProductionChecks), every problem at once.
        Assert.Contains("  - Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto", run.Error);
        Assert.Contains("  - Falta Voting:VoterKeySecret (Voting__VoterKeySecret)", run.Error);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__GobiernoAbierto=\"$(deploy/local/ensure-postgres.sh)\"", run.Error);
        Assert.Contains("«Configuración de producción»", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task the_service_started_in_production_with_unsafe_configuration_lists_every_problem_and_exits_2()
    {
        // As an operator's first try: Production, listening on every interface, the demo voter-key secret, a plain token.
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Voting__VoterKeySecret"] = "ZGV2LW9ubHktdm90ZXIta2V5LXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24h",
            ["Auth__Keys__0__Name"] = "Personal municipal",
            ["Auth__Keys__0__Role"] = "staff",
            ["Auth__Keys__0__Token"] = "un-token-largo-y-aleatorio-pero-en-texto-plano",
        }, "--urls", "http://0.0.0.0:5199");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.DoesNotContain("InsecureConfigurationException", run.Error);
        Assert.StartsWith("GobiernoAbierto no arranca en el entorno «Production»: su configuración no es segura para una votación real.", run.Error);
        var problems = run.Error.Split('\n').Where(l => l.StartsWith("  - ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("  - Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto", problems[0]);
        Assert.Contains(problems, p => p.StartsWith("  - Voting:VoterKeySecret (Voting__VoterKeySecret) tiene un valor público", StringComparison.Ordinal)
            && p.Contains("openssl rand -base64 32", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("  - Auth:Keys:0 («Personal municipal») trae el token en texto plano", StringComparison.Ordinal)
            && p.Contains("sha256sum", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("  - Falta Hosting:PublicOrigin (Hosting__PublicOrigin)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("  - Falta Hosting:ReverseProxy:KnownProxies", StringComparison.Ordinal));
        Assert.Contains("«Configuración de producción»", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task the_service_started_in_development_without_a_connection_string_says_so_and_exits_2()
    {
        var run = await RunAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, "--urls", "http://127.0.0.1:5199");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith("GobiernoAbierto no arranca en el entorno «Development»: hay que corregir su configuración.", run.Error);
        Assert.Contains("  - Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto", run.Error);
        Assert.Contains("./run.sh", run.Error);
    }

    [Fact]
    public async Task the_service_with_an_otlp_endpoint_or_protocol_it_cannot_use_says_which_and_exits_2()
    {
        // The README's example endpoint typed without its scheme, and the protocol's name half remembered.
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none",
            ["OpenTelemetry__Otlp__Endpoint"] = "otel-collector:4317",
            ["OpenTelemetry__Otlp__Protocol"] = "http",
        }, "--urls", "http://127.0.0.1:5199");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.Contains("  - OpenTelemetry:Otlp:Endpoint (OpenTelemetry__Otlp__Endpoint) = «otel-collector:4317» no es una dirección completa", run.Error);
        Assert.Contains("  - OpenTelemetry:Otlp:Protocol (OpenTelemetry__Otlp__Protocol) = «http» no es grpc ni http/protobuf", run.Error);
    }

    [Theory]
    [InlineData("RateLimits__BallotsPerMinute", "mucho",
        "  - RateLimits:BallotsPerMinute (RateLimits__BallotsPerMinute) = «mucho» no es un número entero")]
    [InlineData("Voting__GroupCommit__MaxWait", "5ms",
        "  - Voting:GroupCommit:MaxWait (Voting__GroupCommit__MaxWait) = «5ms» no es una duración hh:mm:ss(.fff), p. ej. 00:00:00.005")]
    [InlineData("Voting__Mixing__MixSize", "-1",
        "GobiernoAbierto no arranca: Voting:Mixing:MixSize (Voting__Mixing__MixSize) está fuera de su rango: debe ser 0 o más")]
    [InlineData("Voting__GroupCommit__Capacity", "0",
        "GobiernoAbierto no arranca: Voting:GroupCommit:Capacity (Voting__GroupCommit__Capacity) está fuera de su rango: debe ser 1 o más")]
    // Started, then 500 at every receipt check or wrong credential (ASP.NET Core's limiter refuses 0 only when first used; a README tester's).
    [InlineData("RateLimits__ChecksPerMinute", "-1",
        "  - RateLimits:ChecksPerMinute (RateLimits__ChecksPerMinute) = -1 está fuera de su rango: debe ser 1 o más")]
    [InlineData("RateLimits__FailedAuthenticationsPerMinute", "0",
        "  - RateLimits:FailedAuthenticationsPerMinute (RateLimits__FailedAuthenticationsPerMinute) = 0 está fuera de su rango: debe ser 1 o más")]
    public async Task the_service_with_a_setting_not_of_its_type_or_range_names_it_and_exits_2(string variable, string value, string message)
    {
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none",
            [variable] = value,
        }, "--urls", "http://127.0.0.1:5199");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        if (message.StartsWith("  - ", StringComparison.Ordinal)) Assert.Contains("\n" + message, run.Error); // in the list of problems
        else Assert.StartsWith(message, run.Error);
    }

    [Fact]
    public async Task the_service_with_a_word_its_setting_does_not_take_names_it_and_exits_2()
    {
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none",
            ["Marten__DaemonMode"] = "Caliente",
            ["Wolverine__WarmUpRoutes"] = "eager", // any case will do
        }, "--urls", "http://127.0.0.1:5199");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.Contains("\n  - Marten:DaemonMode (Marten__DaemonMode) = «Caliente» no es uno de HotCold, Solo, Disabled", run.Error);
        Assert.DoesNotContain("WarmUpRoutes", run.Error);
    }

    [Fact]
    public async Task the_service_whose_address_is_taken_says_so_and_exits_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__GobiernoAbierto"] = await TestDatabase.ConnectionStringAsync(),
            ["Marten__Schema"] = TestDatabase.NewSchemaName(),
            ["Marten__DaemonMode"] = "Disabled",
            ["Wolverine__WarmUpRoutes"] = "Lazy",
            ["Voting__VoterKeySecret"] = ProductionHost.VoterKeySecret,
        }, "--urls", address);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("Unhandled exception", run.Error);
        Assert.EndsWith($"GobiernoAbierto no arranca: {address} ya está en uso. ¿Sigue corriendo otra instancia del servicio (o otro " +
            "programa) en ese puerto? Deténgala, o elija otra dirección con --urls o ASPNETCORE_URLS.", run.Error.Trim());
    }

    [Fact]
    public async Task the_service_whose_postgresql_refuses_at_start_says_what_to_check_and_exits_2()
    {
        // Nothing listens on the port: connection refused, as with PostgreSQL stopped.
        var port = ServiceHost.FreePort();
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = $"Host=127.0.0.1;Port={port};Database=gobiernoabierto;Username=gobiernoabierto;Password=secreto-no-se-muestra",
        }, "--urls", $"http://127.0.0.1:{ServiceHost.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.Equal($"GobiernoAbierto no arranca: PostgreSQL no responde en 127.0.0.1:{port} (Connection refused). Compruebe que el " +
            "servidor esté en marcha, que este equipo lo alcance (cortafuegos, red) y la dirección de la cadena de conexión " +
            "(ConnectionStrings__GobiernoAbierto).", run.Error.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("secreto-no-se-muestra", run.Error + run.Output);
    }

    [Fact]
    public async Task a_connection_string_that_does_not_parse_is_named_and_the_service_and_verify_exit_2()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = "no es una cadena de conexión",
        };
        var run = await RunAsync(environment, "--urls", $"http://127.0.0.1:{ServiceHost.FreePort()}");
        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith("GobiernoAbierto no arranca: la cadena de conexión a PostgreSQL (ConnectionStrings__GobiernoAbierto) no es válida",
            run.Error.Trim().Split('\n')[^1]);

        var verify = await RunAsync("verify", "--database", "no es una cadena de conexión", "--jornada", Guid.NewGuid().ToString());
        Assert.Equal(2, verify.ExitCode);
        NoStackTrace(verify);
        Assert.StartsWith("No se pudo verificar: --database no es una cadena de conexión de Npgsql", verify.Error.Trim());
    }

    /// <summary>An operator's string without Host crashed every command with Npgsql's ArgumentNullException (exit 134).</summary>
    [Fact]
    public async Task a_connection_string_without_a_server_says_host_is_missing_and_exits_2()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = "Database=gobiernoabierto;Username=gobiernoabierto;Password=secreto-no-se-muestra",
        };
        foreach (var args in new[] { new[] { "--urls", $"http://127.0.0.1:{ServiceHost.FreePort()}" }, CreateAdmin[..], ["projections", "list"] })
        {
            var run = await RunAsync(environment, args);
            Assert.Equal(2, run.ExitCode);
            NoStackTrace(run);
            Assert.Equal("GobiernoAbierto no arranca: la cadena de conexión a PostgreSQL (ConnectionStrings__GobiernoAbierto) no dice a qué " +
                "servidor conectarse: falta Host=…. Escríbala como «Host=…;Port=5432;Database=…;Username=…;Password=…».", run.Error.Trim().Split('\n')[^1]);
            Assert.DoesNotContain("secreto-no-se-muestra", run.Error + run.Output);
        }

        var verify = await RunAsync("verify", "--database", "Password=x", "--jornada", Guid.NewGuid().ToString());
        Assert.Equal(2, verify.ExitCode);
        NoStackTrace(verify);
        Assert.StartsWith("No se pudo verificar: --database no es una cadena de conexión de Npgsql", verify.Error.Trim());
    }

    /// <summary>The IEEQ's tester read Npgsql's English: «Failed to connect to 127.0.0.1:1», «28P01: password authentication failed».</summary>
    [Fact]
    public async Task verify_database_that_cannot_connect_says_why_in_spanish_and_exits_2()
    {
        var good = new Npgsql.NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync());
        var nobody = new Npgsql.NpgsqlConnectionStringBuilder(good.ConnectionString) { Host = "127.0.0.1", Port = ServiceHost.FreePort(), Timeout = 3 };
        var unreachable = await RunAsync("verify", "--database", nobody.ConnectionString, "--jornada", Guid.NewGuid().ToString());
        Assert.Equal(2, unreachable.ExitCode);
        NoStackTrace(unreachable);
        Assert.StartsWith($"No se pudo verificar: PostgreSQL no responde en 127.0.0.1:{nobody.Port} (", unreachable.Error.Trim());
        Assert.EndsWith("Compruebe que el servidor esté en marcha, que este equipo lo alcance (cortafuegos, red) y la dirección de la cadena de " +
                        "conexión (--database).", unreachable.Error.Trim());

        var wrongPassword = new Npgsql.NpgsqlConnectionStringBuilder(good.ConnectionString) { Password = "no-es-la-contraseña" };
        var refused = await RunAsync("verify", "--database", wrongPassword.ConnectionString, "--jornada", Guid.NewGuid().ToString());
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"No se pudo verificar: PostgreSQL en {good.Host}:{good.Port} rechaza al usuario «{good.Username}»", refused.Error.Trim());
        Assert.Contains("Revise el usuario y la contraseña (--database)", refused.Error);
    }

    [Fact]
    public async Task the_service_started_with_another_secret_than_its_databases_says_so_and_exits_2()
    {
        // A database the service used with its secret, then a start with another one (a wrong copy, a new secret).
        var schema = TestDatabase.NewSchemaName();
        await using (var first = new ServiceHost(schema, daemonMode: "Disabled")) await first.InitializeAsync();
        Dictionary<string, string> With(string secret) => new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = TestDatabase.ConnectionStringAsync().GetAwaiter().GetResult(),
            ["Marten__Schema"] = schema,
            ["Marten__DaemonMode"] = "Disabled",
            ["Wolverine__WarmUpRoutes"] = "Lazy",
            ["Voting__VoterKeySecret"] = secret,
        };

        var run = await RunAsync(With(ProductionHost.VoterKeySecret), "--urls", $"http://127.0.0.1:{ServiceHost.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.Equal(new Ballots.WrongSecretException().Message, run.Error.Trim().Split('\n')[^1]);
        Assert.DoesNotContain(ProductionHost.VoterKeySecret, run.Error + run.Output);

        // Nor does create-admin make an account whose activation code, sealed with the wrong secret, no page would take.
        var admin = await RunAsync(With(ProductionHost.VoterKeySecret), CreateAdmin);
        Assert.Equal(2, admin.ExitCode);
        NoStackTrace(admin);
        Assert.Equal($"accounts create-admin no se hizo (no se creó ninguna cuenta): {Ballots.WrongSecretException.Why}", admin.Error.Trim());
        Assert.DoesNotContain("Código de activación", admin.Output);
        await using (var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await connection.OpenAsync();
            await using var accounts = new Npgsql.NpgsqlCommand($"select count(*) from {schema}.mt_doc_account where data ->> 'UserName' = 'ana.admin'", connection);
            Assert.Equal(0L, await accounts.ExecuteScalarAsync());
        }

        // With its own secret it starts as ever.
        await using var again = new ServiceHost(schema, daemonMode: "Disabled");
        await again.InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, (await again.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task a_database_from_before_the_secret_check_takes_the_secret_of_its_first_start_and_says_so_once()
    {
        await using var host = new ServiceHost(TestDatabase.NewSchemaName(), daemonMode: "Disabled");
        await host.InitializeAsync();
        await new VotingApi(host).CreateAsync(VotingApi.NewJornada(host.Clock.GetUtcNow()));
        var database = new Database(host);
        await database.ExecuteAsync("delete from {schema}.secret_check");
        var check = ActivatorUtilities.CreateInstance<Ballots.SecretCheck>(host.Services);

        var mark = host.Logs.Mark();
        await check.StartAsync(CancellationToken.None);
        await check.StartAsync(CancellationToken.None);

        var warning = Assert.Single(host.Logs.Since(mark), e => e.Level == LogLevel.Warning);
        Assert.Contains($"delete from {host.Schema}.secret_check", warning.Message);
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from {schema}.secret_check"));
    }

    [Fact]
    public async Task the_service_whose_password_postgresql_refuses_says_so_and_exits_2()
    {
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync()) { Password = "no-es-la-clave" };
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = wrong.ConnectionString,
        }, "--urls", $"http://127.0.0.1:{ServiceHost.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith($"GobiernoAbierto no arranca: PostgreSQL en {wrong.Host}:{wrong.Port} rechaza al usuario «{wrong.Username}» (",
            run.Error.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("no-es-la-clave", run.Error + run.Output);
    }

    [Fact]
    public async Task create_admin_with_the_secret_but_no_connection_string_names_the_connection_string()
    {
        var run = await RunAsync(new Dictionary<string, string> { ["Voting__VoterKeySecret"] = ProductionHost.VoterKeySecret }, CreateAdmin);

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        var problems = run.Error.Split('\n').Where(l => l.StartsWith("  - Falta", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("  - Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto, o GOBIERNOABIERTO_PG)", Assert.Single(problems));
    }

    [Fact]
    public async Task create_admin_in_development_without_a_connection_string_says_so_too()
    {
        var run = await RunAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, CreateAdmin);

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith("accounts create-admin no puede usar esta configuración (entorno «Development»)", run.Error);
        Assert.Contains("  - Falta ConnectionStrings:GobiernoAbierto", run.Error);
    }

    [Fact]
    public async Task create_admin_that_cannot_reach_postgresql_says_so_and_creates_nothing()
    {
        var run = await RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__GobiernoAbierto"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=3",
        }, CreateAdmin);

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith("accounts create-admin no pudo usar PostgreSQL con ConnectionStrings__GobiernoAbierto", run.Error);
        Assert.Contains("no se creó ninguna cuenta", run.Error);
    }

    [Theory]
    [InlineData("create-admin", "--help")]
    [InlineData("create-admin", "-h")]
    [InlineData("ieeq-code", "--help")]
    [InlineData("code", "--help")]
    public async Task each_accounts_command_explains_its_options_with_help_as_the_general_help_promises(string command, string help)
    {
        var run = await RunAsync("accounts", command, help);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(GobiernoAbierto.Accounts.AccountsCommand.Usage.Trim(), run.Output.Trim());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task create_admin_without_its_options_is_wrong_usage_before_any_configuration_is_read()
    {
        var run = await RunAsync("accounts", "create-admin", "--user", "Ana Admin");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.Contains("El usuario lleva de 3 a 40 letras minúsculas", run.Error);
        Assert.Contains("Escriba el nombre de la persona, como firmará lo que haga.", run.Error);
        Assert.Contains("accounts create-admin --user USUARIO --name \"NOMBRE COMPLETO\"", run.Error);
        Assert.DoesNotContain("no puede usar esta configuración", run.Error);
    }

    /// <summary>What an outside tester typed as a newcomer: help after an action, a wrong action, a key of three letters, nothing.</summary>
    [Theory]
    [InlineData(0, "Uso: dotnet GobiernoAbierto.dll projections list", "projections", "rebuild", "--help")]
    [InlineData(0, "Uso: dotnet GobiernoAbierto.dll projections list", "projections", "list", "--help")]
    [InlineData(2, "«foo» no es una acción de accounts.", "accounts", "foo", "QX7SECRETO")]
    [InlineData(2, "Falta la acción de accounts.", "accounts")]
    [InlineData(2, "La clave es demasiado corta: una clave de autenticación tiene al menos 26 caracteres base32", "accounts", "code", "XYZ")]
    [InlineData(2, "code lleva una sola clave: escríbala entre comillas si la copió con espacios.", "accounts", "code", "QX7SECRETO", "EFGH")]
    [InlineData(2, "Falta qué verificar: --ballots, --seal y --record de la exportación, --record solo, o --database con --jornada.", "verify")]
    // An option create-admin does not take was ignored, and an administrator made anyway (an operator typed --role staff).
    [InlineData(2, "Opción desconocida: --role. Esta acción toma solo --user y --name. create-admin crea siempre una cuenta de administración", "accounts", "create-admin", "--user", "carl", "--name", "Carl", "--role", "staff")]
    [InlineData(2, "Opción desconocida: --nmae.", "accounts", "create-admin", "--user", "dan", "--name", "Daniel", "--nmae", "Dan")]
    [InlineData(2, "«extra» no es una opción: las opciones empiezan con --; un nombre con espacios va entre comillas", "accounts", "create-admin", "--user", "fay", "--name", "Fay", "extra")]
    [InlineData(2, "--user se dio dos veces.", "accounts", "create-admin", "--user", "gus", "--user", "hal", "--name", "Gus")]
    [InlineData(2, "Falta el valor de --name.", "accounts", "create-admin", "--user", "ivy", "--name")]
    [InlineData(2, "Opción desconocida: --bogus. Esta acción toma solo --user.", "accounts", "ieeq-code", "--user", "luz", "--bogus")]
    public async Task a_command_typed_wrong_or_asking_for_help_says_so_without_the_service(int exitCode, string said, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(exitCode, await Hosting.CommandLine.RunAsync(args, output, error, TimeProvider.System));

        Assert.StartsWith(said, (exitCode == 0 ? output : error).ToString());
        Assert.DoesNotContain("QX7SECRETO", error.ToString()); // what follows an action may be a key: never written back
    }

    [Theory]
    [InlineData("--user=erin", "--name=Erin Díaz")]
    [InlineData("--name", "Erin Díaz", "--user", "erin")]
    public async Task create_admins_options_may_come_in_any_order_and_with_an_equals_sign(params string[] options)
    {
        var error = new StringWriter();

        Assert.Null(await Hosting.CommandLine.RunAsync(["accounts", "create-admin", .. options], new StringWriter(), error, TimeProvider.System));
        Assert.Equal("", error.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5090")]
    [InlineData("localhost:5090")]
    [InlineData("/health/ready")]
    public async Task healthcheck_with_an_address_that_is_not_a_whole_url_is_wrong_usage(string address)
    {
        var error = new StringWriter();

        Assert.Equal(2, await HealthProbe.RunAsync([address], TextWriter.Null, error));

        Assert.StartsWith($"healthcheck: «{address}» no es una dirección completa: escríbala con http:// o https://", error.ToString());
        Assert.Contains(HealthProbe.Usage, error.ToString());
    }

    [Fact]
    public async Task healthcheck_as_a_newcomer_types_it_ends_with_exit_code_2_and_no_stack_trace()
    {
        var run = await RunAsync("healthcheck", "127.0.0.1:5090");

        Assert.Equal(2, run.ExitCode);
        NoStackTrace(run);
        Assert.StartsWith("healthcheck: «127.0.0.1:5090» no es una dirección completa", run.Error);
        Assert.Contains("http://127.0.0.1:5090/health/ready", run.Error);
    }
}
