using JasperFx.Events.Daemon;

namespace GobiernoAbierto.Hosting;

/// <summary>The few settings the composition root needs before the container exists.</summary>
public sealed record ServiceSettings(string ConnectionString, string Schema, DaemonMode DaemonMode)
{
    public static ServiceSettings From(IConfiguration configuration)
    {
        var connectionString = ConnectionStringOf(configuration)
            ?? throw new InvalidOperationException(MissingConnectionString + " / Missing PostgreSQL connection string.");
        var schema = configuration["Marten:Schema"] ?? "gobiernoabierto";
        var daemon = Enum.TryParse<DaemonMode>(configuration["Marten:DaemonMode"], true, out var mode) ? mode : DaemonMode.HotCold;
        return new ServiceSettings(connectionString, schema, daemon);
    }

    /// <summary>ConnectionStrings:GobiernoAbierto, else GOBIERNOABIERTO_PG; null when neither is set (or both are blank).</summary>
    public static string? ConnectionStringOf(IConfiguration configuration) =>
        new[] { configuration.GetConnectionString("GobiernoAbierto"), configuration["GOBIERNOABIERTO_PG"] }
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));

    /// <summary>What the service and its commands say when there is no connection string (ProductionChecks lists it too).</summary>
    public const string MissingConnectionString =
        "Falta ConnectionStrings:GobiernoAbierto (ConnectionStrings__GobiernoAbierto, o GOBIERNOABIERTO_PG): la cadena de conexión " +
        "de Npgsql a PostgreSQL, p. ej. «Host=db.interno;Port=5432;Database=gobiernoabierto;Username=gobiernoabierto;Password=…». " +
        "En una máquina de desarrollo, ./run.sh la prepara, y deploy/local/ensure-postgres.sh la imprime.";
}
