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
