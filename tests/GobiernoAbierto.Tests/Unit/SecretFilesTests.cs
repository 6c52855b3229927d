using GobiernoAbierto.Hosting;
using Microsoft.Extensions.Configuration;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Secrets as files (Docker/compose secrets): one file a setting, named as its environment variable, read over
/// appsettings and under the environment variables; a setting given both ways with different values is refused.
/// </summary>
public sealed class when_settings_come_from_a_directory_of_secret_files : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ga-secret-files-").FullName;
    private readonly string _variable = "GaSecretFilesTest" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable + "__Valor", null);
        Directory.Delete(_directory, recursive: true);
    }

    private void File(string name, string content) => System.IO.File.WriteAllText(Path.Combine(_directory, name), content);

    /// <summary>As WebApplication.CreateBuilder orders them: appsettings, then the environment variables; then the files.</summary>
    private ConfigurationManager Configuration(Dictionary<string, string?> appsettings)
    {
        var configuration = new ConfigurationManager();
        // In a source, not set on the manager: adding a source rebuilds every provider from its source.
        configuration.AddInMemoryCollection(new Dictionary<string, string?>(appsettings) { [SecretFiles.DirectoryVariable] = _directory });
        configuration.AddEnvironmentVariables();
        SecretFiles.Add(configuration, SecretFiles.DirectoryOf(configuration));
        return configuration;
    }

    [Fact]
    public void a_file_named_as_the_variable_gives_the_setting_over_appsettings_without_its_trailing_newline()
    {
        File("Voting__VoterKeySecret", "c2VjcmV0bw==\n");
        File("Auth__Keys__0__TokenSha256", new string('a', 64) + "\n");
        File("..data", "ignored"); // Kubernetes' links

        var configuration = Configuration(new() { ["Voting:VoterKeySecret"] = "de-appsettings" });

        Assert.Equal("c2VjcmV0bw==", configuration["Voting:VoterKeySecret"]);
        Assert.Equal(new string('a', 64), configuration["Auth:Keys:0:TokenSha256"]);
        Assert.Null(configuration["..data"]);
        Assert.Empty(SecretFiles.Problems(configuration));
    }

    [Fact]
    public void an_environment_variable_wins_over_its_file_and_two_different_values_are_refused()
    {
        File(_variable + "__Valor", "del-archivo");
        Environment.SetEnvironmentVariable(_variable + "__Valor", "de-la-variable");

        var configuration = Configuration(new());

        Assert.Equal("de-la-variable", configuration[_variable + ":Valor"]);
        var problem = Assert.Single(SecretFiles.Problems(configuration));
        Assert.StartsWith($"{_variable}:Valor se da dos veces con valores distintos: como archivo {_variable}__Valor en {_directory}", problem);

        Environment.SetEnvironmentVariable(_variable + "__Valor", "del-archivo"); // the same value both ways: nothing to say
        Assert.Empty(SecretFiles.Problems(Configuration(new())));
    }

    /// <summary>
    /// A file the service cannot open (here a link to a file removed; as root, the tests' user, a mode would not do): the
    /// configuration is still built from the others and Problems names it. KeyPerFile opens each file before it asks
    /// IgnoreCondition, so it threw from the builder, an unhandled exception instead of the Spanish refusal (exit 134 as
    /// a service user with a 0600 file or a 0700 directory).
    /// </summary>
    [Fact]
    public void a_file_that_cannot_be_opened_is_named_and_the_others_are_read()
    {
        File("Voting__VoterKeySecret", "c2VjcmV0bw==\n");
        System.IO.File.CreateSymbolicLink(Path.Combine(_directory, "Auth__Keys__0__TokenSha256"), Path.Combine(_directory, "borrado"));

        var configuration = Configuration(new());

        Assert.Equal("c2VjcmV0bw==", configuration["Voting:VoterKeySecret"]);
        Assert.Null(configuration["Auth:Keys:0:TokenSha256"]);
        Assert.StartsWith($"El archivo Auth__Keys__0__TokenSha256 del directorio de secretos {_directory} no se puede leer",
            Assert.Single(SecretFiles.Problems(configuration)));
    }

    /// <summary>
    /// Only the last \n is dropped: a password file saved on Windows kept its \r, and PostgreSQL's refusal named the
    /// connection string (a reviewer's). The file is named instead.
    /// </summary>
    [Fact]
    public void a_file_that_ends_in_a_carriage_return_is_named()
    {
        File("Database__Password", "s3creta\r\n");

        var problem = Assert.Single(SecretFiles.Problems(Configuration([])));

        Assert.StartsWith($"El archivo Database__Password del directorio de secretos {_directory} termina en un retorno de carro", problem);
        Assert.Contains("sed -i 's/\\r$//' Database__Password", problem);
    }

    [Fact]
    public void a_directory_named_that_does_not_exist_is_refused_and_an_empty_name_means_none()
    {
        var configuration = new ConfigurationManager();
        configuration[SecretFiles.DirectoryVariable] = Path.Combine(_directory, "no-existe");
        Assert.Contains("que no existe", Assert.Single(SecretFiles.Problems(configuration)));

        configuration[SecretFiles.DirectoryVariable] = "";
        Assert.Null(SecretFiles.DirectoryOf(configuration, defaultDirectory: _directory));
        configuration[SecretFiles.DirectoryVariable] = null;
        Assert.Equal(_directory, SecretFiles.DirectoryOf(configuration, defaultDirectory: _directory)); // /run/secrets when it exists
        // Not in Development: ./run.sh reads appsettings.Development.json, not a /run/secrets left on a developer's machine.
        configuration[Microsoft.Extensions.Hosting.HostDefaults.EnvironmentKey] = "Development";
        Assert.Null(SecretFiles.DirectoryOf(configuration, defaultDirectory: _directory));
        configuration[SecretFiles.DirectoryVariable] = _directory;
        Assert.Equal(_directory, SecretFiles.DirectoryOf(configuration, defaultDirectory: _directory)); // named, it is read
    }

    [Fact]
    public void the_database_password_file_goes_into_a_connection_string_without_one()
    {
        File("Database__Password", "s3creta;con=raros\n");

        var configuration = Configuration(new() { ["ConnectionStrings:GobiernoAbierto"] = "Host=pg;Database=ga;Username=ga" });

        var used = new Npgsql.NpgsqlConnectionStringBuilder(ServiceSettings.From(configuration).ConnectionString);
        Assert.Equal(("pg", "ga", "s3creta;con=raros"), (used.Host, used.Username, used.Password));
        Assert.Empty(ServiceSettings.PasswordProblems(configuration));
    }

    [Fact]
    public void a_password_both_in_the_connection_string_and_in_its_file_is_refused()
    {
        File("Database__Password", "del-archivo");

        var configuration = Configuration(new() { ["ConnectionStrings:GobiernoAbierto"] = "Host=pg;Database=ga;Username=ga;Password=otra" });

        Assert.StartsWith("La contraseña de PostgreSQL se da dos veces", Assert.Single(ServiceSettings.PasswordProblems(configuration)));
    }
}
