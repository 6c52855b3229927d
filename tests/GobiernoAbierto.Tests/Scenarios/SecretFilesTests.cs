using System.Net;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The service as deploy/compose.yaml starts it: its secrets (the database password, the VoterKeySecret, a token's hash)
/// as files in a directory, one a setting (compose mounts them in /run/secrets), none of them in its environment.
/// </summary>
public sealed class when_the_service_reads_its_secrets_from_files : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ga-secrets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string StaffToken = "produccion-archivo-Vt7qLm2Xc9Rz4Nw8";

    /// <summary>The secrets written as an operator does (`openssl rand … > file`: a trailing newline); the rest as variables.</summary>
    private async Task<(Dictionary<string, string?> Environment, string Password)> SecretsAsFilesAsync(string? directory = null)
    {
        directory ??= _directory;
        var withPassword = new NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync());
        var password = withPassword.Password!;
        withPassword.Password = null;
        await File.WriteAllTextAsync(Path.Combine(directory, "Database__Password"), password + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "Voting__VoterKeySecret"), ProductionHost.VoterKeySecret + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "Auth__Keys__0__TokenSha256"), ApiKeyAuthenticationHandler.HashToken(StaffToken) + "\n");
        return (new()
        {
            [SecretFiles.DirectoryVariable] = directory,
            ["ConnectionStrings__GobiernoAbierto"] = withPassword.ConnectionString,
            ["Voting__VoterKeySecret"] = null,
            ["Auth__Keys__0__Name"] = "Personal municipal",
            ["Auth__Keys__0__Role"] = "staff",
        }, password);
    }

    [Fact]
    public async Task it_starts_on_them_and_uses_them_with_none_in_its_environment()
    {
        var (environment, password) = await SecretsAsFilesAsync();

        await using var service = await ServiceProcess.StartAsync(environment);
        await service.WaitUntilReadyAsync(); // Production refuses to start without a VoterKeySecret, and PostgreSQL without the password

        // The staff credential's hash came from its file: the token is let in (404, no such Jornada), a wrong one is not.
        var tally = $"/api/jornadas/{Guid.NewGuid()}/tally";
        Assert.Equal(HttpStatusCode.NotFound, (await TestHttp.Client(service.BaseAddress, StaffToken).GetAsync(tally)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TestHttp.Client(service.BaseAddress, "otro-token-cualquiera").GetAsync(tally)).StatusCode);
        Assert.DoesNotContain("Cualquier usuario de esta máquina puede leer", service.Output); // the directory is 0700
        var processEnvironment = await File.ReadAllTextAsync($"/proc/{service.ProcessId}/environ");
        Assert.DoesNotContain(ProductionHost.VoterKeySecret, processEnvironment);
        Assert.DoesNotContain(password, processEnvironment);
        Assert.DoesNotContain(ApiKeyAuthenticationHandler.HashToken(StaffToken), processEnvironment);
    }

    /// <summary>
    /// The directory and its files open to every user of the machine (`mkdir` and `openssl rand … > file` under the usual
    /// umask): the service starts, and its log says which files anyone can read and how to close them.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task files_every_user_can_read_are_warned_of()
    {
        var (environment, _) = await SecretsAsFilesAsync();
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101); // 0755
        foreach (var file in Directory.EnumerateFiles(_directory)) File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100); // 0644
        File.SetUnixFileMode(Path.Combine(_directory, "Database__Password"), (UnixFileMode)0b110_000_000); // 0600: not named

        await using var service = await ServiceProcess.StartAsync(environment);
        await service.WaitUntilReadyAsync();

        Assert.Contains($"Cualquier usuario de esta máquina puede leer Auth__Keys__0__TokenSha256, Voting__VoterKeySecret en el directorio de " +
            $"secretos {_directory}", service.Output);
        Assert.Contains($"`chmod 700 {_directory}`", service.Output);
    }

    /// <summary>
    /// The same open directory and files inside one only its owner can enter (`/etc/gobiernoabierto` 0700 holding
    /// `secretos` 0755): nobody else can reach them, and the log said they could.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task files_inside_a_directory_others_cannot_enter_are_not_warned_of()
    {
        var inner = Directory.CreateDirectory(Path.Combine(_directory, "secretos")).FullName;
        var (environment, _) = await SecretsAsFilesAsync(inner);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_000_000); // 0700
        File.SetUnixFileMode(inner, (UnixFileMode)0b111_101_101); // 0755
        foreach (var file in Directory.EnumerateFiles(inner)) File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100); // 0644

        await using var service = await ServiceProcess.StartAsync(environment);
        await service.WaitUntilReadyAsync();

        Assert.DoesNotContain("Cualquier usuario de esta máquina puede leer", service.Output);
    }

    /// <summary>
    /// The directory named through a link inside one only its owner can enter (`/root/secretos` pointing at an open
    /// `/srv/secretos`): the files are as open as the link's target, and the warning follows the link to say so.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task files_reached_through_a_link_in_a_closed_directory_are_warned_of_where_they_are()
    {
        var open = Directory.CreateDirectory(Path.Combine(_directory, "abierto")).FullName;
        var closed = Directory.CreateDirectory(Path.Combine(_directory, "cerrado")).FullName;
        var link = Path.Combine(closed, "secretos");
        Directory.CreateSymbolicLink(link, open);
        var (environment, _) = await SecretsAsFilesAsync(link);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101); // 0755
        File.SetUnixFileMode(closed, (UnixFileMode)0b111_000_000); // 0700
        File.SetUnixFileMode(open, (UnixFileMode)0b111_101_101); // 0755
        foreach (var file in Directory.EnumerateFiles(open)) File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100); // 0644

        await using var service = await ServiceProcess.StartAsync(environment);
        await service.WaitUntilReadyAsync();

        Assert.Contains("Cualquier usuario de esta máquina puede leer Auth__Keys__0__TokenSha256, Database__Password, Voting__VoterKeySecret", service.Output);
    }

    [Fact]
    public async Task a_leftover_variable_that_disagrees_with_its_file_is_refused_in_spanish_with_exit_2()
    {
        var (environment, _) = await SecretsAsFilesAsync();
        environment["Voting__VoterKeySecret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        await using var service = await ServiceProcess.StartAsync(environment);
        await service.WaitForExitAsync();

        Assert.Equal(2, service.ExitCode);
        Assert.Contains($"Voting:VoterKeySecret se da dos veces con valores distintos: como archivo Voting__VoterKeySecret en {_directory} " +
            "y como variable de entorno Voting__VoterKeySecret", service.Output);
        Assert.Contains($"directorio de secretos (/run/secrets si existe, o el que diga GOBIERNOABIERTO_SECRETS_DIR (ahora {_directory})", service.Output);
        Assert.DoesNotContain("   at ", service.Output);
    }

    /// <summary>
    /// `accounts create-admin`, run as the README gives it where the service runs: the database password only as a file,
    /// and, like the accounts page, no second account with a name that reads as another's (it made one: only the page
    /// passed the accounts to the rule).
    /// </summary>
    [Fact]
    public async Task create_admin_reads_the_password_file_and_refuses_a_name_another_account_has()
    {
        var (environment, _) = await SecretsAsFilesAsync();
        environment["ASPNETCORE_ENVIRONMENT"] = ProductionChecks.TestingEnvironment;
        environment["Marten__Schema"] = TestDatabase.NewSchemaName();
        var settings = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!);
        var suffix = Guid.NewGuid().ToString("N")[..6];

        var first = await ServiceCommand.RunAsync(settings, TimeSpan.FromMinutes(2), "accounts", "create-admin", "--user", $"ana.{suffix}", "--name", "Ana Administradora");
        Assert.True(first.ExitCode == 0, first.Error);
        var second = await ServiceCommand.RunAsync(settings, TimeSpan.FromMinutes(2), "accounts", "create-admin", "--user", $"ana2.{suffix}", "--name", "ANA  administradora.");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"Ya hay una cuenta con el nombre «Ana Administradora» (usuario ana.{suffix})", second.Error);
        Assert.DoesNotContain("Solicitud inválida:", second.Error); // the sentence alone, not an API title before it
        Assert.DoesNotContain("Cuenta de administración creada", second.Output);
    }
}
