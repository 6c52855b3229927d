using System.Diagnostics;
using Npgsql;
using Testcontainers.PostgreSql;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// Finds the PostgreSQL the integration tests run against, in this order: GOBIERNOABIERTO_TEST_PG from the
/// environment; a Testcontainers PostgreSQL when a Docker engine answers; the local server ./test.sh starts.
/// With none of them it fails saying what to do. Every host fixture then works in a schema of its own.
/// </summary>
public static class TestDatabase
{
    public const string LocalDefault =
        "Host=127.0.0.1;Port=5432;Database=gobiernoabierto_tests;Username=gobiernoabierto;Password=gobiernoabierto_dev";

    private static readonly Lazy<Task<string>> Connection = new(FindAsync);
    private static PostgreSqlContainer? _container;

    public static Task<string> ConnectionStringAsync() => Connection.Value;

    /// <summary>A fresh schema name, so fixtures never see each other's streams or documents.</summary>
    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A database of its own on the tests' server, for a test that changes what is per database (its settings, its
    /// advisory locks) without touching the one the others share: its name and connection string. <see cref="DropAsync"/> ends it.
    /// </summary>
    public static async Task<(string Name, string ConnectionString)> CreateOwnAsync(string prefix)
    {
        var shared = await ConnectionStringAsync();
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(shared);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {name}", admin);
        await create.ExecuteNonQueryAsync();
        return (name, new NpgsqlConnectionStringBuilder(shared) { Database = name }.ConnectionString);
    }

    public static async Task DropAsync(string name)
    {
        await using var admin = new NpgsqlConnection(await ConnectionStringAsync());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> FindAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GOBIERNOABIERTO_TEST_PG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            await EnsureReachable(fromEnvironment, "GOBIERNOABIERTO_TEST_PG");
            return fromEnvironment;
        }

        if (DockerEngineAnswers())
        {
            _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _container.GetConnectionString();
        }

        await EnsureReachable(LocalDefault, "the local PostgreSQL");
        return LocalDefault;
    }

    private static async Task EnsureReachable(string connectionString, string source)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the integration tests ({source}: {e.Message}). Run ./test.sh, which installs and " +
                "starts a local PostgreSQL when none is running, or set GOBIERNOABIERTO_TEST_PG to an Npgsql " +
                "connection string, or start a Docker engine so Testcontainers can run one.", e);
        }
    }

    private static bool DockerEngineAnswers()
    {
        try
        {
            using var docker = System.Diagnostics.Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null) return false;
            if (!docker.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                docker.Kill();
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }
}
