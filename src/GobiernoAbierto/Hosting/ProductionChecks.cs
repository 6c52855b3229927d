using System.Reflection;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Refuses to start a real deployment with configuration that would make a vote unsafe: the public demo secrets of
/// appsettings.Development.json, bearer tokens in plain text, token hashes that are not SHA-256, a short voter-key
/// secret, no reverse-proxy settings, or no connection string (README, "Configuración de producción"). Every problem is listed at once, each
/// naming the setting and how to fix it. Development and the test environment ("Testing") are exempt: their
/// configuration is public on purpose. A local run (loopback only, no public origin) is refused only a missing
/// connection string, the demo secrets and a weak voter-key secret, and warned of the rest.
/// </summary>
public static partial class ProductionChecks
{
    public const string TestingEnvironment = "Testing";

    /// <summary>True where the checks apply: every environment but Development and Testing.</summary>
    public static bool Apply(IHostEnvironment environment) =>
        !environment.IsDevelopment() && !environment.IsEnvironment(TestingEnvironment);

    /// <summary>
    /// Throws InsecureConfigurationException listing every problem. On a local run (IsLocalRun) the problems that only
    /// matter to a service facing the public (plain or unhashed bearer tokens, roles, the reverse-proxy settings) are
    /// returned instead, for a warning in the log; a missing connection string, demo secrets and a weak voter-key
    /// secret are refused everywhere.
    /// </summary>
    public static IReadOnlyList<string> Enforce(IConfiguration configuration, IHostEnvironment environment)
    {
        var (refused, tolerated) = Review(configuration, environment);
        if (refused.Count > 0) throw new InsecureConfigurationException(environment.EnvironmentName, refused);
        return tolerated;
    }

    /// <summary>What Enforce would refuse and what it would tolerate, without throwing (the `accounts` command prints them).</summary>
    public static (IReadOnlyList<string> Refused, IReadOnlyList<string> Tolerated) Review(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!Apply(environment)) return ([], []);
        var refused = ConnectionString(configuration).Concat(Secrets(configuration)).Concat(DemoValues(configuration)).Concat(VoterKeySecret(configuration))
            .Concat(LogLeaks(configuration)).Concat(Telemetry.ConfigurationProblems(configuration)).Concat(Choices(configuration)).Concat(Typed(configuration)).ToList();
        var facingThePublic = ConfiguredKeys(configuration).Concat(PublicHosting.Read(configuration).Problems(required: true))
            .Concat(SmallMix(configuration)).ToList();
        if (IsLocalRun(configuration)) return (refused, facingThePublic);
        return refused.Count + facingThePublic.Count > 0 ? (Find(configuration), []) : ([], []);
    }

    /// <summary>
    /// What this configuration cannot run with in this environment: outside Development and Testing what Enforce refuses;
    /// in them, what Essentials lists.
    /// </summary>
    public static IReadOnlyList<string> Refused(IConfiguration configuration, IHostEnvironment environment) =>
        Apply(environment) ? Review(configuration, environment).Refused : Essentials(configuration);

    /// <summary>
    /// The answer at a shell, for the service started as a process and for `accounts create-admin`: when Refused finds
    /// anything, writes heading, one line per problem (each with how to fix it), where the configuration is read from and
    /// the given hints, in Spanish, and returns exit code 2 (no exception, no stack trace). Null when there is nothing to refuse.
    /// </summary>
    public static int? Report(IConfiguration configuration, IHostEnvironment environment, TextWriter error, string heading, string hints)
    {
        var problems = Refused(configuration, environment);
        if (problems.Count == 0) return null;
        error.WriteLine(heading + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")));
        var secrets = SecretFiles.DirectoryOf(configuration) is { } directory ? $" (ahora {directory})" : " (ahora ninguno)";
        error.WriteLine("La configuración se lee de variables de entorno, de un archivo por valor en el directorio de secretos " +
            $"({SecretFiles.DefaultDirectory} si existe, o el que diga {SecretFiles.DirectoryVariable}{secrets}; el nombre del archivo es el " +
            "de la variable, p. ej. Voting__VoterKeySecret), y de appsettings.json y appsettings.<entorno>.json del " +
            "directorio del servicio (el de GobiernoAbierto.dll, desde donde se ejecute)." + Environment.NewLine + hints.TrimEnd());
        return 2;
    }

    /// <summary>The heading of the service's refusal, the same words as InsecureConfigurationException's.</summary>
    public static string ServiceRefusal(IHostEnvironment environment) =>
        $"GobiernoAbierto no arranca en el entorno «{environment.EnvironmentName}»: " +
        (Apply(environment) ? "su configuración no es segura para una votación real." : "hay que corregir su configuración.");

    /// <summary>
    /// What no environment runs without, Development and Testing included: the connection string and a usable voter-key
    /// secret (Development's comes from appsettings.Development.json in the current directory).
    /// </summary>
    public static IReadOnlyList<string> Essentials(IConfiguration configuration) =>
        [.. ConnectionString(configuration), .. Secrets(configuration), .. VoterKeySecret(configuration), .. Telemetry.ConfigurationProblems(configuration), .. Choices(configuration),
         .. Typed(configuration)];

    /// <summary>What is wrong with this configuration for a real vote; empty when nothing is.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var problems = new List<string>();
        problems.AddRange(ConnectionString(configuration));
        problems.AddRange(Secrets(configuration));
        problems.AddRange(DemoValues(configuration));
        problems.AddRange(ConfiguredKeys(configuration));
        problems.AddRange(VoterKeySecret(configuration));
        problems.AddRange(LogLeaks(configuration));
        problems.AddRange(PublicHosting.Read(configuration).Problems(required: true));
        problems.AddRange(SmallMix(configuration));
        problems.AddRange(Telemetry.ConfigurationProblems(configuration));
        problems.AddRange(Choices(configuration));
        problems.AddRange(Typed(configuration));
        return problems;
    }

    /// <summary>
    /// A run nobody else can reach: nothing says it faces the public (no Hosting:PublicOrigin, no reverse-proxy setting)
    /// and every address it listens on is loopback (urls, or Kestrel's default localhost:5000). What the benchmarks and
    /// the failover rehearsal are. A deployment behind a proxy on the same machine sets PublicOrigin, so is checked fully.
    /// </summary>
    public static bool IsLocalRun(IConfiguration configuration)
    {
        var hosting = PublicHosting.Read(configuration);
        if (!string.IsNullOrWhiteSpace(hosting.PublicOriginSetting) || hosting.BehindProxy || hosting.Malformed.Count > 0) return false;
        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]) || !string.IsNullOrWhiteSpace(configuration["https_ports"])) return false;
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""));
        return urls.All(IsLoopback);
    }

    /// <summary>"http://127.0.0.1:5093", "http://localhost:5000", "http://[::1]:80"; "+", "*" and "0.0.0.0" are every interface.</summary>
    private static bool IsLoopback(string url)
    {
        var host = Host().Match(url) is { Success: true } match ? match.Groups["host"].Value.Trim('[', ']') : "";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    [GeneratedRegex(@"^[a-zA-Z]+://(?<host>\[[^\]]*\]|[^:/]+)")]
    private static partial Regex Host();

    /// <summary>"Auth:Keys:0:Token" → "Auth__Keys__0__Token", the environment-variable form an operator sets.</summary>
    public static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private const string NewSecret = "genere uno nuevo con `openssl rand -base64 32`";

    private static IEnumerable<string> ConnectionString(IConfiguration configuration)
    {
        if (ServiceSettings.ConnectionStringOf(configuration) is null) yield return ServiceSettings.MissingConnectionString;
    }

    /// <summary>The secrets' directory (SecretFiles) and the database password given apart (Database__Password).</summary>
    private static IEnumerable<string> Secrets(IConfiguration configuration) =>
        SecretFiles.Problems(configuration).Concat(ServiceSettings.PasswordProblems(configuration));

    /// <summary>Where a secret may be given besides its variable (SecretFiles), for the messages that ask for one.</summary>
    public static string AsFile(string key) =>
        $"como variable de entorno {Variable(key)} o como archivo {Variable(key)} en el directorio de secretos " +
        $"({SecretFiles.DefaultDirectory}, o el que diga {SecretFiles.DirectoryVariable})";

    private static IEnumerable<string> DemoValues(IConfiguration configuration)
    {
        var demo = DevelopmentSecrets.Value;
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value) || !demo.Contains(value.Trim())) continue;
            var bearer = key.StartsWith("Auth:Keys:", StringComparison.OrdinalIgnoreCase);
            yield return $"{key} ({Variable(key)}) tiene un valor público de appsettings.Development.json (o su SHA-256): cualquiera " +
                "que lea el repositorio lo conoce. Genere uno nuevo con `openssl rand -base64 32`" +
                (bearer ? " y configure solo su SHA-256 (TokenSha256)." : ".");
        }
    }

    private static IEnumerable<string> ConfiguredKeys(IConfiguration configuration)
    {
        foreach (var entry in configuration.GetSection("Auth:Keys").GetChildren())
        {
            var key = entry.Path;
            var name = entry["Name"] is { Length: > 0 } n ? $" («{n}»)" : "";
            var hash = entry["TokenSha256"];
            if (!string.IsNullOrEmpty(entry["Token"]))
                yield return $"{key}{name} trae el token en texto plano ({Variable(key)}__Token). En producción el servicio guarda solo " +
                    $"su SHA-256: quite {Variable(key)}__Token y defina {Variable(key)}__TokenSha256 con " +
                    "`printf '%s' \"$TOKEN\" | sha256sum | cut -d' ' -f1` (el token, de `openssl rand -base64 32`, se entrega solo a quien lo usa).";
            else if (string.IsNullOrEmpty(hash))
                yield return $"{key}{name} no tiene TokenSha256 ({Variable(key)}__TokenSha256): sin él nadie puede usar esa credencial. " +
                    $"Defínalo ({AsFile(key + ":TokenSha256")}) con `printf '%s' \"$TOKEN\" | sha256sum | cut -d' ' -f1`, o quite la entrada.";
            if (!string.IsNullOrEmpty(hash) && !Sha256Hex().IsMatch(hash))
                yield return $"{key}{name}: TokenSha256 ({Variable(key)}__TokenSha256) no es un SHA-256 en hexadecimal (64 caracteres 0-9a-f, " +
                    $"tiene {hash.Length}). Calcúlelo con `printf '%s' \"$TOKEN\" | sha256sum | cut -d' ' -f1`.";
            if (entry["Role"] is not (Roles.Staff or Roles.Auditor or Roles.CredentialAuthority or Roles.Committee or Roles.Metrics))
                yield return $"{key}{name}: el rol «{entry["Role"]}» ({Variable(key)}__Role) no es uno de staff, auditor, credenciales, committee o metrics.";
        }
    }

    /// <summary>
    /// Every settings section bound to a class, bound now: a value not of its type (`Voting__GroupCommit__MaxWait=5ms`)
    /// otherwise surfaced only where the section is first read, the group commit's at the first ballot, which stopped the
    /// whole service hours after it had said it was ready.
    /// </summary>
    private static IEnumerable<string> Typed(IConfiguration configuration)
    {
        var sections = new (string Section, Type Options)[]
        {
            ("Voting:GroupCommit", typeof(Voting.GroupCommitOptions)),
            ("Voting:Mixing", typeof(Ballots.MixingOptions)), ("RateLimits", typeof(RateLimitOptions)), ("Seed", typeof(Seed.SampleDataOptions)),
        };
        foreach (var (section, options) in sections)
        {
            string? problem = null;
            try { configuration.GetSection(section).Get(options); }
            catch (InvalidOperationException e) { problem = StartupFailure.Describe(e) ?? e.Message; }
            if (problem is not null) yield return problem.Replace("GobiernoAbierto no arranca: ", "", StringComparison.Ordinal);
        }
        foreach (var problem in RateLimitRanges(configuration)) yield return problem;
    }

    /// <summary>
    /// A limit of 0 or less: ASP.NET Core's limiter refuses it only when the first request it limits arrives, so every
    /// ballot, receipt check or wrong credential was answered 500 by a service that had said it was ready.
    /// </summary>
    private static IEnumerable<string> RateLimitRanges(IConfiguration configuration)
    {
        RateLimitOptions? limits = null;
        try { limits = configuration.GetSection("RateLimits").Get<RateLimitOptions>(); }
        catch (InvalidOperationException) { } // a value not a number: said above
        if (limits is null) yield break;
        foreach (var (name, value) in new[]
        {
            (nameof(limits.BallotsPerMinute), limits.BallotsPerMinute), (nameof(limits.KioskBallotsPerMinute), limits.KioskBallotsPerMinute),
            (nameof(limits.KioskBallotsInARow), limits.KioskBallotsInARow), (nameof(limits.ChecksPerMinute), limits.ChecksPerMinute),
            (nameof(limits.KioskChecksPerMinute), limits.KioskChecksPerMinute), (nameof(limits.KioskChecksInARow), limits.KioskChecksInARow),
            (nameof(limits.FailedAuthenticationsPerMinute), limits.FailedAuthenticationsPerMinute),
        })
            if (value < 1)
                yield return $"RateLimits:{name} ({Variable("RateLimits:" + name)}) = {value} está fuera de su rango: debe ser 1 o más " +
                    "(README.md, «Configuration»); quítelo para usar su valor por omisión.";
    }

    /// <summary>Settings that take one of a few words: another word was silently read as the default.</summary>
    private static IEnumerable<string> Choices(IConfiguration configuration)
    {
        foreach (var (key, words) in new[] { ("Marten:DaemonMode", new[] { "HotCold", "Solo", "Disabled" }), ("Wolverine:WarmUpRoutes", new[] { "Eager", "Lazy" }) })
            if (configuration[key] is { Length: > 0 } value && !words.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
                yield return $"{key} ({Variable(key)}) = «{value}» no es uno de {string.Join(", ", words)}: escriba uno de ellos, " +
                    "o quite la variable para usar el de omisión (el primero; README.md, «Configuration»).";
    }

    /// <summary>
    /// The two settings README's «Observabilidad / metrics» says never to set, because they put what the logs never hold
    /// (receipts, voter keys, a request's path) into them: `Include Error Detail` in the connection string (PostgreSQL's
    /// error detail quotes the row's values: a lost race's 23505 names the voter key) and `IncludeScopes` for a logging
    /// provider (ASP.NET Core's request scope holds the raw path, `/api/receipts/{code}`). Both started without a word.
    /// </summary>
    private static IEnumerable<string> LogLeaks(IConfiguration configuration)
    {
        if (ServiceSettings.ConnectionStringOf(configuration) is { } connectionString)
        {
            bool includeErrorDetail;
            try { includeErrorDetail = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).IncludeErrorDetail; }
            catch (ArgumentException) { includeErrorDetail = false; } // a string that does not parse fails at the connection, naming itself
            if (includeErrorDetail)
                yield return "ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto) lleva «Include Error Detail=true»: los errores de " +
                    "PostgreSQL citarían los valores de las filas (claves de votante, recibos) y quedarían en el log. Quítelo de la cadena de conexión " +
                    "(README.md, «Observabilidad / metrics»).";
        }
        foreach (var (key, value) in configuration.GetSection("Logging").AsEnumerable())
            if (key.EndsWith(":IncludeScopes", StringComparison.OrdinalIgnoreCase) && bool.TryParse(value, out var scopes) && scopes)
                yield return $"{key} ({Variable(key)}) = {value}: el alcance de cada petición que ASP.NET Core escribiría en el log lleva su ruta " +
                    "(/api/receipts/{código}, recibo.html?codigo=…). Quítelo o póngalo en false (README.md, «Observabilidad / metrics»).";
    }

    /// <summary>The smallest sealed-urn mix a real vote may run with (README, «Secreto del voto»).</summary>
    public const int SmallestPublicMix = 10;

    /// <summary>
    /// A sealed urn off (MixSize 0) or smaller than <see cref="SmallestPublicMix"/>: each ballot then enters the chain with
    /// a handful of others, or alone, and whoever reads the database pairs it with the voters written in the same
    /// commit. The benchmarks and the tests run that way on purpose (a local run: a warning); a service facing the public
    /// started that way without a word.
    /// </summary>
    private static IEnumerable<string> SmallMix(IConfiguration configuration)
    {
        const string key = "Voting:Mixing:MixSize";
        if (!int.TryParse(configuration[key], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var mix)
            || mix >= SmallestPublicMix || mix < 0) yield break; // unset: the default 25; not a number or below 0: Typed and the range say so
        yield return $"{key} ({Variable(key)}) = {mix}: " + (mix == 0 ? "sin urna sellada cada voto entra a la cadena en la misma transacción que " +
            "registra a quien lo emitió" : $"una mezcla de {mix} esconde cada voto entre muy pocos") + ", y quien lea la base de datos podría saber " +
            $"qué votó cada persona. Para una votación real use al menos {SmallestPublicMix} (25 si quita la variable; README.md, «Secreto del voto»).";
    }

    private static IEnumerable<string> VoterKeySecret(IConfiguration configuration)
    {
        const string key = "Voting:VoterKeySecret";
        var secret = configuration[key];
        if (string.IsNullOrWhiteSpace(secret))
        {
            yield return $"Falta {key} ({Variable(key)}): el secreto con que se cifra la huella de cada votante; {NewSecret}, " +
                $"déselo al servicio {AsFile(key)} y consérvelo fuera del repositorio (sin él no se puede saber si alguien ya votó en esa Jornada).";
            yield break;
        }
        var bytes = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret.Trim(), bytes, out var length))
            yield return $"{key} ({Variable(key)}) no es base64; {NewSecret}.";
        else if (length < 32)
            yield return $"{key} ({Variable(key)}) tiene {length} bytes; se requieren al menos 32 bytes aleatorios: {NewSecret}.";
        // 32 random bytes hold some 30 different values; fewer than 8 is a made-up one (all zeros, a repeated letter).
        else if (bytes.Take(length).Distinct().Count() < 8)
            yield return $"{key} ({Variable(key)}) no es aleatorio (repite casi siempre los mismos bytes): {NewSecret}.";
    }

    /// <summary>
    /// The secrets and tokens of appsettings.Development.json (every value under a key naming a token or a secret), and
    /// the SHA-256 of each, read from the copy embedded in the assembly so a published build still knows them.
    /// </summary>
    private static readonly Lazy<HashSet<string>> DevelopmentSecrets = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GobiernoAbierto.appsettings.Development.json")
            ?? throw new InvalidOperationException("appsettings.Development.json is not embedded in the assembly (GobiernoAbierto.csproj).");
        var development = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in development.AsEnumerable())
        {
            var last = key[(key.LastIndexOf(':') + 1)..];
            if (string.IsNullOrEmpty(value) || !(last.Contains("Token", StringComparison.OrdinalIgnoreCase) || last.Contains("Secret", StringComparison.OrdinalIgnoreCase) || last.Contains("Password", StringComparison.OrdinalIgnoreCase))) continue;
            values.Add(value);
            values.Add(BearerAuthenticationHandler.HashToken(value));
        }
        return values;
    });

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}

/// <summary>The service refused to start: its configuration is not safe for a real vote (every reason in the message).</summary>
public sealed class InsecureConfigurationException(string environment, IReadOnlyList<string> problems)
    : InvalidOperationException(
        $"GobiernoAbierto no arranca en el entorno «{environment}»: su configuración no es segura para una votación real." +
        string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")) +
        $"{Environment.NewLine}Vea «Configuración de producción» en README.md. (Solo los entornos Development y Testing, con valores " +
        "públicos de demostración, omiten estas comprobaciones.)")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
