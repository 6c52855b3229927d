using System.Text.RegularExpressions;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The load balancer of the failover topology logs every request. A receipt check has the receipt code in its path
/// (/api/receipts/{code}, recibo.html?codigo=…) and a letter printed before the code moved after the '#' a voting code
/// in its query: HAProxy's `option httplog` writes the whole request line beside the client's address, which would
/// link a resident to a ballot, or hand out a voting code, to whoever reads the log.
/// </summary>
public sealed partial class when_the_load_balancer_logs_a_request
{
    /// <summary>HAProxy's log variables that hold the request line or a part of it.</summary>
    private static readonly string[] RequestLineVariables = ["r", "HU", "HP", "HPO", "HQ"];

    [Fact]
    public void its_log_line_has_no_path_and_no_query()
    {
        var http = Section(RepositoryFiles.ReadLines("deploy/failover/haproxy.cfg"), "listen gobiernoabierto_http");

        Assert.DoesNotContain(http, line => line.StartsWith("option httplog") || line.StartsWith("option httpslog"));
        var format = Assert.Single(http, line => line.StartsWith("log-format"));
        var variables = Variable().Matches(format).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("ST", variables); // what it does log: the status, the method, the timings
        Assert.Contains("HM", variables);
        Assert.Empty(variables.Intersect(RequestLineVariables));
        Assert.DoesNotMatch(@"%\[[^\]]*(uri|path|query|url)", format); // nor a sample fetch of them
    }

    [GeneratedRegex(@"%(?:\{[^}]*\})?([A-Za-z]+)")]
    private static partial Regex Variable();

    /// <summary>The section's settings, trimmed, comments left out.</summary>
    private static List<string> Section(string[] lines, string header) =>
        lines.SkipWhile(l => l.Trim() != header).Skip(1)
            .TakeWhile(l => l.Length == 0 || char.IsWhiteSpace(l[0]) || l.StartsWith('#'))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
