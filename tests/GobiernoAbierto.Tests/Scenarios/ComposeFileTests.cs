using System.Text.RegularExpressions;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// An operator with Docker follows a compose file's header: the variables it says to export must be the ones the file
/// refuses to start without (`${NAME:?…}`), or `docker compose up` stops at a name the header never mentioned.
/// </summary>
public sealed partial class when_an_operator_exports_what_a_compose_file_header_says
{
    [Theory]
    [InlineData("deploy/compose.yaml")]
    [InlineData("deploy/compose.failover.yaml")]
    public void every_required_variable_is_in_the_header_and_every_exported_one_is_used(string file)
    {
        var lines = RepositoryFiles.ReadLines(file);
        var header = string.Join('\n', lines.TakeWhile(l => l.StartsWith('#')));
        var body = string.Join('\n', lines.SkipWhile(l => l.StartsWith('#')));

        var required = Required().Matches(body).Select(m => m.Groups[1].Value).Distinct().ToList();
        var exported = Exported().Matches(header).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(required);
        Assert.Empty(required.Except(exported));
        Assert.Empty(exported.Except(Used().Matches(body).Select(m => m.Groups[1].Value)));
    }

    [GeneratedRegex(@"\$\{([A-Z0-9_]+):\?")]
    private static partial Regex Required();

    [GeneratedRegex(@"\b([A-Z][A-Z0-9_]*_[A-Z0-9_]+|[A-Z]{4,})=")]
    private static partial Regex Exported();

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)")]
    private static partial Regex Used();
}

/// <summary>
/// The compose files give the secrets as files (compose `secrets:`), which `docker inspect` does not show: the header
/// makes every file a `secrets:` entry reads, no environment value carries a password, and the failover nodes get the
/// pgBackRest configuration, repository and passphrase that patroni.yml's archive_command needs.
/// </summary>
public sealed partial class when_a_compose_file_gives_the_service_its_secrets
{
    [Theory]
    [InlineData("deploy/compose.yaml")]
    [InlineData("deploy/compose.failover.yaml")]
    public void every_secret_file_is_made_by_the_header_and_no_password_is_in_the_environment(string file)
    {
        var lines = RepositoryFiles.ReadLines(file);
        var header = string.Join('\n', lines.TakeWhile(l => l.StartsWith('#')));
        var body = string.Join('\n', lines.SkipWhile(l => l.StartsWith('#')));

        var files = SecretFile().Matches(body).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(Made(header, f), $"{file}: its header does not make deploy/secrets/{f}"));
        Assert.DoesNotContain("Password=", body);
        Assert.DoesNotMatch(@"(?m)^\s+(?![A-Za-z_]*_FILE:)[A-Za-z_]*(PASSWORD|VoterKeySecret|TokenSha256)[A-Za-z_]*:\s*\S", body);
        foreach (var target in new[] { "Database__Password", "Voting__VoterKeySecret", "Auth__Keys__0__TokenSha256" })
            Assert.Contains($"target: {target} }}", body);
    }

    [Fact]
    public void the_failover_nodes_archive_with_the_same_pgbackrest_file_as_the_rehearsal_into_one_repository()
    {
        var body = string.Join('\n', RepositoryFiles.ReadLines("deploy/compose.failover.yaml").SkipWhile(l => l.StartsWith('#')));
        Assert.Contains("pgbackrest --stanza=gobiernoabierto archive-push %p", string.Join('\n', RepositoryFiles.ReadLines("deploy/failover/patroni.yml")));
        Assert.Contains("$repo/deploy/backup/pgbackrest.conf", string.Join('\n', RepositoryFiles.ReadLines("deploy/backup/pgbackrest-steps.sh")));
        foreach (var node in new[] { "pg1", "pg2", "pg3" })
        {
            var service = Regex.Match(body, $@"(?ms)^  {node}:\n(.*?)(?=^  \S)").Groups[1].Value;
            Assert.Contains($"- {node}-data:/var/lib/postgresql/data", service);
            Assert.Contains("- pgbackrest-repo:/var/lib/pgbackrest", service);
            Assert.Contains("- ./backup/pgbackrest.conf:/etc/pgbackrest/pgbackrest.conf:ro", service);
        }
        Assert.Contains("PGBACKREST_CONFIG_INCLUDE_PATH: /run/secrets", body);
        Assert.Contains("{ source: pgbackrest_cipher, target: pgbackrest-cipher.conf }", body);
        Assert.Contains("pgbackrest-repo:", body[body.IndexOf("\nvolumes:", StringComparison.Ordinal)..]);
        Assert.Contains("stanza-create", string.Join('\n', RepositoryFiles.ReadLines("deploy/failover/patroni-node.sh")));
        Assert.Contains("ENTRYPOINT [\"/usr/local/bin/patroni-node.sh\"]", string.Join('\n', RepositoryFiles.ReadLines("deploy/failover/patroni.Dockerfile")));
    }

    private static bool Made(string header, string file)
    {
        const string token = "_token_sha256";
        return Regex.IsMatch(header, $@">{Regex.Escape(file)}\b") || Regex.IsMatch(header, $@"for name in [^;]*\b{Regex.Escape(file)}\b") ||
            (file.EndsWith(token, StringComparison.Ordinal) && header.Contains(">${who}" + token, StringComparison.Ordinal) &&
             Regex.IsMatch(header, $@"for who in [^;]*\b{Regex.Escape(file[..^token.Length])}\b"));
    }

    [GeneratedRegex(@"\{ file: \./secrets/([A-Za-z0-9_.-]+) \}")]
    private static partial Regex SecretFile();
}
