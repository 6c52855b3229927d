using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The backup repository holds every ballot and the participations (keyed hashes of who voted): whoever can read a
/// copy of it must not read them, and the passphrase must not be in this repository.
/// </summary>
public sealed class when_the_database_is_backed_up
{
    private static Dictionary<string, string> Settings(string section)
    {
        var lines = RepositoryFiles.ReadLines("deploy/backup/pgbackrest.conf");
        return lines.SkipWhile(l => l.Trim() != $"[{section}]").Skip(1).TakeWhile(l => !l.TrimStart().StartsWith('['))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
    }

    [Fact]
    public void the_repository_is_encrypted_with_a_passphrase_kept_out_of_this_repository()
    {
        var global = Settings("global");

        Assert.Equal("aes-256-cbc", global["repo1-cipher-type"]);
        // A passphrase written here would be public, and a deployment that copied the file would use it.
        Assert.DoesNotContain(RepositoryFiles.ReadLines("deploy/backup/pgbackrest.conf"), l => l.TrimStart().StartsWith("repo1-cipher-pass"));
        Assert.Equal("y", global["archive-async"]);
        Assert.True(global.ContainsKey("spool-path"));
        Assert.True(int.Parse(global["repo1-retention-full"]) >= 2);
    }

    [Fact]
    public void the_rehearsal_archives_and_restores_the_stanza_this_file_configures()
    {
        Assert.True(Settings("gobiernoabierto").ContainsKey("pg1-path"));
        var rehearsal = string.Join('\n', RepositoryFiles.ReadLines("deploy/backup/rehearse.sh"));
        Assert.Contains("--config-include-path=$base/conf.d --stanza=gobiernoabierto archive-push %p", rehearsal);
        // The rehearsal runs this very file, paths substituted (by the steps it shares with the Patroni rehearsal).
        Assert.Contains("source \"$here/pgbackrest-steps.sh\"", rehearsal);
        Assert.Contains("write_pgbackrest_conf \"$conf\"", rehearsal);
        var steps = string.Join('\n', RepositoryFiles.ReadLines("deploy/backup/pgbackrest-steps.sh"));
        Assert.Contains("\"$repo/deploy/backup/pgbackrest.conf\" >\"$file\"", steps);
        Assert.Contains("restore --type=xid --target=\"$xid\" --target-exclusive", rehearsal);
    }

    [Fact]
    public void the_patroni_nodes_archive_to_the_same_stanza_and_their_rehearsal_restores_it()
    {
        var patroni = string.Join('\n', RepositoryFiles.ReadLines("deploy/failover/patroni.yml"));
        Assert.Contains("archive_mode: \"on\"", patroni);
        Assert.Contains("archive_command: pgbackrest --stanza=gobiernoabierto archive-push %p", patroni);
        Assert.Contains("restore_command: pgbackrest --stanza=gobiernoabierto archive-get %f \"%p\"", patroni);
        var rehearsal = string.Join('\n', RepositoryFiles.ReadLines("deploy/failover/rehearse.sh"));
        Assert.Contains("write_pgbackrest_conf \"$base/pgbackrest-node.conf\"", rehearsal);
        var restore = string.Join('\n', RepositoryFiles.ReadLines("deploy/failover/backup-restore.sh"));
        Assert.Contains("restore --type=xid --target=\"$xid\" --target-exclusive", restore);
        Assert.Contains("patronictl -c \"$base/patroni.yml\" remove gobiernoabierto", restore);
    }
}
