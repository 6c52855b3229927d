using GobiernoAbierto.Hosting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_postgresql_refuses_a_command_its_connection
{
    /// <summary>An operator ran verify --database without a password and read «PostgreSQL no responde»: it had answered.</summary>
    [Fact]
    public void a_missing_password_is_named_not_told_as_a_server_that_does_not_answer()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder("Host=db.queretaro.example;Port=5432;Username=auditoria;Database=gobiernoabierto");
        var missing = new Npgsql.NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)");

        var said = StartupFailure.WhyRefused(missing, builder, "(--database)", "Vuelva a intentarlo");

        // Said as README says it for verify: in PGPASSWORD, not on the command line that `ps` shows.
        Assert.Equal("PostgreSQL en db.queretaro.example:5432 pide una contraseña para el usuario «auditoria» y no se dio ninguna: póngala " +
                     "en la variable de entorno PGPASSWORD sin que se vea («read -rs PGPASSWORD && export PGPASSWORD») y vuelva a ejecutar la " +
                     "orden; no la escriba en Password= (--database): la línea de órdenes la ve cualquiera con «ps».", said);
        // A server that does not answer is still told as one.
        Assert.StartsWith("PostgreSQL no responde en db.queretaro.example:5432 (",
            StartupFailure.WhyRefused(new Npgsql.NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)), builder, "(--database)", "x"));
    }

    /// <summary>An operator's drill: started on a read-only database, the service said only «Revise la cadena de conexión».</summary>
    [Fact]
    public void a_read_only_database_is_named_with_what_to_do()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder("Host=db.queretaro.example;Port=5432;Username=gobiernoabierto;Database=gobiernoabierto");
        var readOnly = new Npgsql.PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR", "25006");

        Assert.Equal("PostgreSQL en db.queretaro.example:5432 acepta solo lectura (cannot execute INSERT in a read-only transaction): es un " +
                     "servidor de respaldo o tiene default_transaction_read_only. Apunte la cadena de conexión (ConnectionStrings__GobiernoAbierto) " +
                     "al servidor primario, o quite esa opción; después, vuelva a arrancar el servicio.",
            StartupFailure.WhyRefused(readOnly, builder, "(ConnectionStrings__GobiernoAbierto)", "Vuelva a arrancar el servicio"));
    }
}
