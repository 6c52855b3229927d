using System.Diagnostics;
using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// deploy/local/ensure-postgres.sh (what ./run.sh, ./test.sh and deploy/image/build.sh call) on a host whose PostgreSQL
/// already has a role of the name it is asked for, one it did not make (production's, say): it is left as it was.
/// </summary>
public sealed class when_the_local_database_script_meets_a_role_it_did_not_make
{
    private const string Role = "ga_role_of_someone_else";
    private const string Password = "Contrasena-de-otra-persona-2020";

    [Fact]
    public async Task it_refuses_and_leaves_the_roles_password_and_rights_alone()
    {
        await PostgresAsync($"drop database if exists {Role}_db", $"drop role if exists {Role}", $"create role {Role} login password '{Password}'");
        try
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root() };
            start.ArgumentList.Add("deploy/local/ensure-postgres.sh");
            start.Environment["GA_DB_USER"] = Role;
            start.Environment["GA_DB_NAME"] = Role + "_db";
            using var script = System.Diagnostics.Process.Start(start)!;
            var output = script.StandardOutput.ReadToEndAsync();
            var error = script.StandardError.ReadToEndAsync();
            await script.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(1, script.ExitCode);
            Assert.Equal("", await output); // no connection string for the caller to use
            Assert.Contains($"El rol {Role} ya existe en este PostgreSQL, no lo creó este script", await error);
            var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = 5432, Username = Role, Password = Password, Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(); // its own password still opens it
            await using var rights = new NpgsqlCommand($"select rolcreatedb, (select count(*) from pg_database where datname = '{Role}_db') from pg_roles where rolname = '{Role}'", connection);
            await using var row = await rights.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            Assert.False(row.GetBoolean(0));
            Assert.Equal(0, row.GetInt64(1));
        }
        finally
        {
            await PostgresAsync($"drop role if exists {Role}");
        }
    }

    /// <summary>As the postgres superuser, as the script itself does (the tests' own role cannot create roles).</summary>
    private static async Task PostgresAsync(params string[] statements)
    {
        foreach (var statement in statements)
        {
            var start = new ProcessStartInfo("runuser") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-u", "postgres", "--", "psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement }) start.ArgumentList.Add(arg);
            using var psql = System.Diagnostics.Process.Start(start)!;
            var error = await psql.StandardError.ReadToEndAsync();
            await psql.WaitForExitAsync();
            Assert.True(psql.ExitCode == 0, error);
        }
    }
}
