using GobiernoAbierto.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_service_reads_its_connection_string
{
    private static string ConnectionStringFrom(string given) => ServiceSettings.From(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:GobiernoAbierto"] = given }).Build()).ConnectionString;

    [Fact]
    public void npgsql_prepares_the_statements_it_runs_again_and_again_and_the_rest_is_kept()
    {
        var used = new NpgsqlConnectionStringBuilder(ConnectionStringFrom("Host=db.interno;Port=5433;Database=ga;Username=ga;Password=secreto;Maximum Pool Size=40"));

        Assert.Equal(64, used.MaxAutoPrepare);
        Assert.Equal("GobiernoAbierto", used.ApplicationName); // its sessions named in pg_stat_activity and PostgreSQL's log
        Assert.Equal(("db.interno", 5433, "ga", "ga", "secreto", 40), (used.Host, used.Port, used.Database, used.Username, used.Password, used.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Database=ga;Username=ga;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=ga;Username=ga;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db;Database=ga;Username=ga;max auto prepare=200", 200)]
    public void a_connection_string_that_sets_max_auto_prepare_keeps_its_value(string given, int kept) =>
        Assert.Equal(kept, new NpgsqlConnectionStringBuilder(ConnectionStringFrom(given)).MaxAutoPrepare);

    /// <summary>`projections rebuild` looks for the service's sessions of its own schema (several schemas may share a database).</summary>
    [Fact]
    public void a_schema_other_than_the_default_names_the_sessions_with_it() =>
        Assert.Equal("GobiernoAbierto/ensayo", new NpgsqlConnectionStringBuilder(ServiceSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:GobiernoAbierto"] = "Host=db;Database=ga", ["Marten:Schema"] = "ensayo" })
            .Build()).ConnectionString).ApplicationName);

    [Fact]
    public void a_connection_string_that_names_its_application_keeps_the_name() =>
        Assert.Equal("ga-nodo-2", new NpgsqlConnectionStringBuilder(ConnectionStringFrom("Host=db;Database=ga;Application Name=ga-nodo-2")).ApplicationName);

    [Fact]
    public void one_npgsql_cannot_read_is_left_as_it_is_for_the_start_up_checks_to_name()
    {
        const string unreadable = "Host=db;Modo Raro=sí";
        Assert.Equal(unreadable, ConnectionStringFrom(unreadable));
    }
}
