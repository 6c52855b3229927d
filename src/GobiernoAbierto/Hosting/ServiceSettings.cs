using JasperFx.Events.Daemon;

namespace GobiernoAbierto.Hosting;

/// <summary>The few settings the composition root needs before the container exists.</summary>
public sealed record ServiceSettings(string ConnectionString, string Schema, DaemonMode DaemonMode, bool SoloMode)
{
    public static ServiceSettings From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("GobiernoAbierto")
            ?? configuration["GOBIERNOABIERTO_PG"]
            ?? throw new InvalidOperationException(
                "Falta la conexión a PostgreSQL: defina ConnectionStrings__GobiernoAbierto (o GOBIERNOABIERTO_PG). " +
                "En una máquina de desarrollo, ./run.sh la prepara. / Missing PostgreSQL connection string.");
        var schema = configuration["Marten:Schema"] ?? "gobiernoabierto";
        var daemon = Enum.TryParse<DaemonMode>(configuration["Marten:DaemonMode"], true, out var mode) ? mode : DaemonMode.HotCold;
        var solo = configuration.GetValue("Wolverine:Solo", false);
        return new ServiceSettings(connectionString, schema, daemon, solo);
    }
}
