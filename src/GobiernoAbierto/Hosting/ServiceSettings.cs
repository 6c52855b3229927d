using JasperFx.Events.Daemon;

namespace GobiernoAbierto.Hosting;

/// <summary>The few settings the composition root needs before the container exists.</summary>
public sealed record ServiceSettings(string ConnectionString, string Schema, DaemonMode DaemonMode)
{
    public static ServiceSettings From(IConfiguration configuration)
    {
        var connectionString = ConnectionStringOf(configuration)
            ?? throw new InvalidOperationException(MissingConnectionString + " / Missing PostgreSQL connection string.");
        var schema = configuration["Marten:Schema"] ?? DefaultSchema;
        var daemon = Enum.TryParse<DaemonMode>(configuration["Marten:DaemonMode"], true, out var mode) ? mode : DaemonMode.HotCold;
        return new ServiceSettings(WithPreparedStatements(connectionString, SessionName(schema)), schema, daemon);
    }

    public const string DefaultSchema = "gobiernoabierto";

    /// <summary>
    /// What the service's sessions are called in pg_stat_activity (Application Name, unless the connection string names
    /// them): GobiernoAbierto, with the schema when it is not the default one, so that `projections rebuild` can tell
    /// whether a service of its schema is connected when several share a database (the tests' hosts do).
    /// </summary>
    public static string SessionName(string schema) => schema == DefaultSchema ? "GobiernoAbierto" : $"GobiernoAbierto/{schema}";

    /// <summary>
    /// Npgsql prepares the statements a connection runs again and again (the group commit's dozen), so PostgreSQL parses
    /// and plans each once per connection instead of once per commit; a connection string that sets Max Auto Prepare keeps
    /// its value (0 turns it off). The service's sessions are named in pg_stat_activity and PostgreSQL's log (SessionName)
    /// unless the string names them (Application Name). One that does not parse is left as it is, for the start-up
    /// checks to name.
    /// </summary>
    private static string WithPreparedStatements(string connectionString, string sessionName)
    {
        try
        {
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            bool Sets(string key) => given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals(key, StringComparison.OrdinalIgnoreCase));
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (!Sets("MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
            if (!Sets("ApplicationName")) builder.ApplicationName = sessionName;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString;
        }
    }

    /// <summary>
    /// ConnectionStrings:GobiernoAbierto, else GOBIERNOABIERTO_PG; null when neither is set (or both are blank). When it
    /// has no Password and Database:Password is set (a secret file, Database__Password: SecretFiles), that password is
    /// put in it, so the connection string itself, which is no secret, can stay in the environment.
    /// </summary>
    public static string? ConnectionStringOf(IConfiguration configuration)
    {
        var given = new[] { configuration.GetConnectionString("GobiernoAbierto"), configuration["GOBIERNOABIERTO_PG"] }
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        if (given is null || string.IsNullOrEmpty(configuration[PasswordKey])) return given;
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(given);
            if (!string.IsNullOrEmpty(builder.Password)) return given; // PasswordProblems refuses the two together
            builder.Password = configuration[PasswordKey];
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return given; // left as it is for the start-up checks to name
        }
    }

    /// <summary>The database password apart from the connection string: Database__Password, as a secret file or a variable.</summary>
    public const string PasswordKey = "Database:Password";

    /// <summary>Both a Password= in the connection string and Database:Password: which one is meant cannot be told.</summary>
    public static IEnumerable<string> PasswordProblems(IConfiguration configuration)
    {
        if (string.IsNullOrEmpty(configuration[PasswordKey])) yield break;
        var given = new[] { configuration.GetConnectionString("GobiernoAbierto"), configuration["GOBIERNOABIERTO_PG"] }
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        if (given is null) yield break;
        string? inline = null;
        try { inline = new Npgsql.NpgsqlConnectionStringBuilder(given).Password; } catch (ArgumentException) { }
        if (!string.IsNullOrEmpty(inline))
            yield return "La contraseña de PostgreSQL se da dos veces: en la cadena de conexión (Password= de " +
                "ConnectionStrings__GobiernoAbierto) y en Database:Password (Database__Password, variable o archivo del directorio de " +
                "secretos). Quite Password= de la cadena de conexión y deje la contraseña solo en el archivo.";
    }

    /// <summary>What the service and its commands say when there is no connection string (ProductionChecks lists it too).</summary>
    public const string MissingConnectionString =
        "Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto, o GOBIERNOABIERTO_PG): la cadena de conexión " +
        "de Npgsql a PostgreSQL, p. ej. «Host=db.interno;Port=5432;Database=gobiernoabierto;Username=gobiernoabierto;Password=…» " +
        "(la contraseña puede ir aparte, en el archivo Database__Password del directorio de secretos: README.md, «Configuración de producción»). " +
        "En una máquina de desarrollo, ./run.sh la prepara, y deploy/local/ensure-postgres.sh la imprime.";
}
