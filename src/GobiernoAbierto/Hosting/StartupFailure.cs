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
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is not Exception exception || Describe(exception) is not { } why) return;
            System.Console.Error.WriteLine(why);
            System.Console.Error.Flush();
            Environment.Exit(2);
        };
    }

    /// <summary>The Spanish explanation of a start-up failure the operator can fix; null for anything else.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException && ConnectionString is { } connectionString)
                return DescribeDatabase(e, connectionString);
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                var address = AddressInUse().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : "su dirección";
                return $"GobiernoAbierto no arranca: {address} ya está en uso. ¿Sigue corriendo otra instancia del servicio (o " +
                    "otro programa) en ese puerto? Deténgala, o elija otra dirección con --urls o ASPNETCORE_URLS.";
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
                    "está fuera de su rango: debe ser 0 o más (README.md, «Configuration»).";
        }
        return null;
    }

    /// <summary>
    /// The service's connection string, once read: PostgreSQL refusing at start (not running, not reachable, the user or
    /// password refused, no such database) is then one Spanish line naming server, database and user and saying what to
    /// check, and exit code 2, instead of an unhandled NpgsqlException and exit 134. The service does not wait for it: a
    /// supervisor (systemd's Restart=on-failure, the container's restart policy) starts it again.
    /// </summary>
    public static string? ConnectionString { get; set; }

    /// <summary>Why PostgreSQL refused at start, in Spanish, naming server, database and user (never the password).</summary>
    public static string DescribeDatabase(Exception e, string connectionString)
    {
        Npgsql.NpgsqlConnectionStringBuilder? builder = null;
        try { builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString); } catch (ArgumentException) { }
        if (builder is null || e is ArgumentException)
            return "GobiernoAbierto no arranca: la cadena de conexión a PostgreSQL (ConnectionStrings__GobiernoAbierto) no es válida " +
                $"({e.Message}). Escríbala como «Host=…;Port=5432;Database=…;Username=…;Password=…».";
        var server = $"{builder.Host}:{builder.Port}";
        const string Setting = "(ConnectionStrings__GobiernoAbierto)";
        var postgres = e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException;
        var why = postgres?.SqlState switch
        {
            "28P01" or "28000" => $"PostgreSQL en {server} rechaza al usuario «{builder.Username}» ({postgres.MessageText}). Revise el " +
                $"usuario y la contraseña {Setting} y que pg_hba.conf admita a este equipo.",
            "3D000" => $"no existe la base de datos «{builder.Database}» en PostgreSQL en {server}. Créela, o corrija Database= {Setting}.",
            "57P03" => $"PostgreSQL en {server} todavía está arrancando o en recuperación ({postgres.MessageText}). Vuelva a arrancar el " +
                "servicio en unos segundos.",
            "53300" => $"PostgreSQL en {server} no acepta más conexiones (max_connections). Revise qué otras conexiones tiene abiertas.",
            { } state => $"PostgreSQL en {server} respondió {state}: {postgres!.MessageText}. Revise la cadena de conexión {Setting}.",
            null => $"PostgreSQL no responde en {server} ({Innermost(e)}). Compruebe que el servidor esté en marcha, que este equipo lo " +
                $"alcance (cortafuegos, red) y la dirección de la cadena de conexión {Setting}.",
        };
        return "GobiernoAbierto no arranca: " + why;
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

    [GeneratedRegex(@"^(?<key>[A-Za-z]+(:[A-Za-z]+)+) is 0 or more")]
    private static partial Regex OutOfRange();
}
