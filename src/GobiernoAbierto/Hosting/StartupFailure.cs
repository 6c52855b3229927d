using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// What the operator reads when the service, started from a shell, cannot start for a reason that is theirs to fix and
/// that the configuration checks (ProductionChecks) do not see before the host runs: its address already taken (another
/// instance still running), a setting that is not of its type (`RateLimits__BallotsPerMinute=mucho`), a setting out of
/// its range. One Spanish paragraph and exit code 2, instead of an unhandled exception, its stack trace and exit 134.
/// Anything else is a fault of the service and keeps its stack trace.
/// </summary>
public static partial class StartupFailure
{
    /// <summary>Only in the service's own process: a host in another process (the tests) gets the exception itself.</summary>
    public static void AnswerInSpanish()
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(StartupFailure).Assembly) return;
        AppDomain.CurrentDomain.FirstChanceException += NoteDescribedFailure;
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is not Exception exception || Describe(exception) is not { } why) return;
            System.Console.Error.WriteLine(why);
            System.Console.Error.Flush();
            Environment.Exit(2);
        };
    }

    private static readonly CancellationTokenSource StopSignal = new();
    private static readonly List<System.Runtime.InteropServices.PosixSignalRegistration> StopSignals = [];

    /// <summary>
    /// SIGTERM (systemctl stop, docker stop) or Ctrl+C, from the process's first moment: before the host listens for
    /// them itself, the runtime's own answer was exit 143, and while the host started (the schema, Wolverine, the
    /// warm-up) the cancelled start was an unhandled OperationCanceledException, its stack trace and exit 134. Program
    /// passes this token to RunAsync: once started, it stops the host gracefully, as the host's own handler does; before,
    /// Program ends the process with exit 0 and one line (<see cref="StoppedWhileStarting"/>). Only in the service's own
    /// process: a host in another process (the tests) leaves the signals alone.
    /// </summary>
    public static CancellationToken StopRequested()
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(StartupFailure).Assembly) return CancellationToken.None;
        foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGTERM, System.Runtime.InteropServices.PosixSignal.SIGINT })
            StopSignals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // not the runtime's exit 143: Program ends the process itself
                if (!_started)
                {
                    _stoppedWhileStarting = true;
                    // A start-up step that does not watch the token would hold the stop until it ends: a connection to a
                    // PostgreSQL that accepted it and never answers waits out Npgsql's Timeout (15 s), longer than
                    // docker stop waits before SIGKILL. Nothing was served yet, so after a grace the process ends here.
                    _ = Task.Delay(StopWhileStartingGrace).ContinueWith(_ =>
                    {
                        if (_started) return;
                        SayStoppedWhileStarting();
                        Environment.Exit(0);
                    }, TaskScheduler.Default);
                }
                StopSignal.Cancel();
            }));
        return StopSignal.Token;
    }

    /// <summary>How long a stop asked for while the service starts waits for the start-up to notice it.</summary>
    public static readonly TimeSpan StopWhileStartingGrace = TimeSpan.FromSeconds(3);

    private static int _saidStoppedWhileStarting;

    /// <summary>Writes <see cref="StoppedWhileStarting"/> to standard error, once however many paths reach it.</summary>
    public static void SayStoppedWhileStarting()
    {
        if (Interlocked.Exchange(ref _saidStoppedWhileStarting, 1) != 0) return;
        System.Console.Error.WriteLine(StoppedWhileStarting);
        System.Console.Error.Flush();
    }

    private static volatile bool _started;
    private static volatile bool _stoppedWhileStarting;

    /// <summary>The host has started (ApplicationStarted): a stop from now on is an ordinary stop.</summary>
    public static void Started()
    {
        _started = true;
        AppDomain.CurrentDomain.FirstChanceException -= NoteDescribedFailure;
    }

    private static volatile bool _describedFailureThrown;

    /// <summary>
    /// While starting, notes that an exception <see cref="Describe"/> explains was thrown, before the host catches it and
    /// logs «Hosting failed to start» with its stack trace on standard output: that log is then left out (HostLogs), and
    /// the Spanish line says what to fix. Should such an exception be caught and the start fail for another reason,
    /// that one reaches the runtime, which prints it with its stack trace on standard error as before.
    /// </summary>
    private static void NoteDescribedFailure(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
    {
        // Describe itself throws and catches (a connection string that does not parse): not noted again from inside.
        if (_started || _describedFailureThrown || _noting) return;
        _noting = true;
        try { if (Describe(e.Exception) is not null) _describedFailureThrown = true; }
        catch { } // never an exception of its own at someone else's throw
        finally { _noting = false; }
    }

    [ThreadStatic] private static bool _noting;

    /// <summary>
    /// The host's own log (category Microsoft.Extensions.Hosting.Internal.Host) at Information and above, except its
    /// «Hosting failed to start» error with the stack trace when the operator stopped it while it started (that is not a
    /// failure, and <see cref="StoppedWhileStarting"/> says what happened) or when the failure is one
    /// <see cref="Describe"/> explains in Spanish (PostgreSQL refusing, a setting out of range).
    /// </summary>
    public static bool HostLogs(LogLevel level) =>
        level >= LogLevel.Information && !(level >= LogLevel.Error && !_started && (_stoppedWhileStarting || _describedFailureThrown));

    /// <summary>Whether <paramref name="exception"/> is the start cut short because the operator asked the service to stop.</summary>
    public static bool IsStopDuringStart(Exception exception, CancellationToken stopRequested, CancellationToken applicationStopping) =>
        (stopRequested.IsCancellationRequested || applicationStopping.IsCancellationRequested) &&
        (exception is OperationCanceledException || exception.GetBaseException() is OperationCanceledException);

    public const string StoppedWhileStarting =
        "GobiernoAbierto se detuvo durante el arranque, como se pidió (SIGTERM o Ctrl+C), antes de atender ninguna solicitud.";

    /// <summary>The Spanish explanation of a start-up failure the operator can fix; null for anything else.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Ballots.WrongSecretException or UnfinishedRebuildException) return e.Message;
            if (e is Npgsql.NpgsqlException && ConnectionString is { } connectionString)
                return DescribeDatabase(e, connectionString);
            // A connection string that does not parse fails where the data source is made, with an ArgumentException.
            if (e is ArgumentException && ConnectionString is { } unparsed && !Parses(unparsed))
                return DescribeDatabase(e, unparsed);
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                return InUse(AddressInUse().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : "su dirección");
            }
            if (NotConvertible().Match(e.Message) is { Success: true } convert)
            {
                var key = convert.Groups["key"].Value;
                var kind = convert.Groups["type"].Value switch
                {
                    "System.Int32" or "System.Int64" => "un número entero, p. ej. 120",
                    "System.TimeSpan" => "una duración hh:mm:ss(.fff), p. ej. 00:00:00.005",
                    "System.Boolean" => "true o false",
                    var type => $"un valor de tipo {type}",
                };
                return $"GobiernoAbierto no arranca: {key} ({ProductionChecks.Variable(key)}) = «{convert.Groups["value"].Value}» no es " +
                    $"{kind}. Corríjalo o quítelo para usar su valor por omisión (README.md, «Configuration»).";
            }
            if (e is ArgumentOutOfRangeException && OutOfRange().Match(e.Message) is { Success: true } range)
                return $"GobiernoAbierto no arranca: {range.Groups["key"].Value} ({ProductionChecks.Variable(range.Groups["key"].Value)}) " +
                    $"está fuera de su rango: debe ser {range.Groups["least"].Value} o más (README.md, «Configuration»).";
        }
        return null;
    }

    /// <summary>
    /// Whether an address the service is to listen on is taken (another instance still running), found before the
    /// start-up's long work (the schema, Wolverine's code, the warm-up) rather than at its end, when Kestrel binds:
    /// the Spanish sentence <see cref="Describe"/> gives for it, or null. Each address is bound the way Kestrel binds it
    /// (same sockets, same SO_REUSEADDR) and released at once; an address it cannot judge (no IPv6, a Unix socket,
    /// port 0) is left to Kestrel. Between this and Kestrel's bind another program could still take it: Kestrel then
    /// fails as before and <see cref="AnswerInSpanish"/> says the same.
    /// </summary>
    public static string? AddressTaken(IConfiguration configuration)
    {
        foreach (var url in ListenAddresses(configuration))
        {
            BindingAddress address;
            try { address = BindingAddress.Parse(url); }
            catch (FormatException) { continue; } // Kestrel says what is wrong with it
            if (address.IsUnixPipe || address.IsNamedPipe || address.Port <= 0) continue;
            IPAddress[] ips = string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
                : IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) ? [ip]
                : [Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any]; // "+", "*", a name: every interface, as Kestrel does
            foreach (var candidate in ips)
            {
                try
                {
                    using var socket = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    if (candidate.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
                    socket.Bind(new IPEndPoint(candidate, address.Port));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    return InUse(url.TrimEnd('/'));
                }
                catch (SocketException) { } // not this machine's kind of address (no IPv6): Kestrel decides
            }
        }
        return null;
    }

    /// <summary>What Kestrel will listen on: Kestrel:Endpoints, else urls (--urls, ASPNETCORE_URLS), else the http(s) ports, else its default.</summary>
    private static IEnumerable<string> ListenAddresses(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0) return endpoints;
        static string[] Split(string? value) => (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Split(configuration["urls"]) is { Length: > 0 } urls) return urls;
        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}").Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    private static string InUse(string address) =>
        $"GobiernoAbierto no arranca: {address} ya está en uso. ¿Sigue corriendo otra instancia del servicio (o " +
        "otro programa) en ese puerto? Deténgala, o elija otra dirección con --urls o ASPNETCORE_URLS.";

    /// <summary>
    /// The service's connection string, once read: PostgreSQL refusing at start (not running, not reachable, the user or
    /// password refused, no such database) is then one Spanish line naming server, database and user and saying what to
    /// check, and exit code 2, instead of an unhandled NpgsqlException and exit 134. The service does not wait for it: a
    /// supervisor (systemd's Restart=on-failure, the container's restart policy) starts it again.
    /// </summary>
    public static string? ConnectionString { get; set; }

    /// <summary>Whether Npgsql can read <paramref name="connectionString"/> at all.</summary>
    public static bool Parses(string connectionString)
    {
        // Without a Host, Npgsql fails where the data source is made, with an ArgumentNullException in English.
        try { return !string.IsNullOrWhiteSpace(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Why PostgreSQL refused at start, in Spanish, naming server, database and user (never the password).</summary>
    public static string DescribeDatabase(Exception e, string connectionString)
    {
        Npgsql.NpgsqlConnectionStringBuilder? builder = null;
        try { builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString); } catch (ArgumentException) { }
        if (builder is not null && string.IsNullOrWhiteSpace(builder.Host))
            return "GobiernoAbierto no arranca: la cadena de conexión a PostgreSQL (ConnectionStrings__GobiernoAbierto) no dice a qué " +
                "servidor conectarse: falta Host=…. Escríbala como «Host=…;Port=5432;Database=…;Username=…;Password=…».";
        if (builder is null || e is ArgumentException)
            return "GobiernoAbierto no arranca: la cadena de conexión a PostgreSQL (ConnectionStrings__GobiernoAbierto) no es válida " +
                $"({e.Message}). Escríbala como «Host=…;Port=5432;Database=…;Username=…;Password=…».";
        return "GobiernoAbierto no arranca: " + WhyRefused(e, builder, ServiceSetting, "Vuelva a arrancar el servicio");
    }

    private const string ServiceSetting = "(ConnectionStrings__GobiernoAbierto)";

    /// <summary>
    /// Why PostgreSQL refused a connection, in Spanish (a command's, e.g. verify --database): what to check, naming server,
    /// database and user, never the password. <paramref name="setting"/> names where the connection string was given.
    /// </summary>
    public static string WhyRefused(Exception e, Npgsql.NpgsqlConnectionStringBuilder builder, string setting, string tryAgain)
    {
        var server = $"{builder.Host}:{builder.Port}";
        var postgres = e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException;
        return postgres?.SqlState switch
        {
            "28P01" or "28000" => $"PostgreSQL en {server} rechaza al usuario «{builder.Username}» ({postgres.MessageText}). Revise el " +
                $"usuario y la contraseña {setting} y que pg_hba.conf admita a este equipo.",
            // The service's own database may be created; a command reading one (verify) has only mistyped its name.
            "3D000" => $"no existe la base de datos «{builder.Database}» en PostgreSQL en {server}. " +
                (setting == ServiceSetting ? $"Créela, o corrija Database= {setting}." : $"Revise su nombre, Database= {setting}."),
            "57P03" => $"PostgreSQL en {server} todavía está arrancando o en recuperación ({postgres.MessageText}). {tryAgain} en unos segundos.",
            "53300" => $"PostgreSQL en {server} no acepta más conexiones (max_connections). Revise qué otras conexiones tiene abiertas.",
            // Read-only (a standby, default_transaction_read_only): «revise la cadena de conexión» sent the operator to the wrong place.
            "25006" => $"PostgreSQL en {server} acepta solo lectura ({postgres.MessageText}): es un servidor de respaldo o tiene " +
                $"default_transaction_read_only. Apunte la cadena de conexión {setting} al servidor primario, o quite esa opción; después, {char.ToLowerInvariant(tryAgain[0])}{tryAgain[1..]}.",
            { } state => $"PostgreSQL en {server} respondió {state}: {postgres!.MessageText}. Revise la cadena de conexión {setting}.",
            // Npgsql's own words, before anything is sent: it was read as a server that does not answer (an operator's).
            null when Innermost(e).StartsWith("No password has been provided", StringComparison.Ordinal) =>
                $"PostgreSQL en {server} pide una contraseña para el usuario «{builder.Username}» y no se dio ninguna: " +
                (setting == ServiceSetting
                    ? $"escríbala en Password= {setting} o en la variable de entorno PGPASSWORD, o en el archivo Database__Password del directorio " +
                      "de secretos (/run/secrets, o el que diga GOBIERNOABIERTO_SECRETS_DIR)."
                    // A command typed by a person (verify): in the environment, never on its command line, which `ps` shows (README).
                    : "póngala en la variable de entorno PGPASSWORD sin que se vea («read -rs PGPASSWORD && export PGPASSWORD») y vuelva a " +
                      $"ejecutar la orden; no la escriba en Password= {setting}: la línea de órdenes la ve cualquiera con «ps»."),
            null => $"PostgreSQL no responde en {server} ({Innermost(e)}). Compruebe que el servidor esté en marcha, que este equipo lo " +
                $"alcance (cortafuegos, red) y la dirección de la cadena de conexión {setting}.",
        };
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    [GeneratedRegex(@"bind to address (\S+?):? address already in use")]
    private static partial Regex AddressInUse();

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"^(?<key>[A-Za-z]+(:[A-Za-z]+)+) is (?<least>[0-9]+) or more")]
    private static partial Regex OutOfRange();
}
