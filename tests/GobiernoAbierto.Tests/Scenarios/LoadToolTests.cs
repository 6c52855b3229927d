extern alias benchmarks;

using benchmarks::GobiernoAbierto.Benchmarks;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The benchmarks' load tool against the real service, a few hundred ballots: it prints a figure only when every
/// acknowledged ballot is accounted for. ../shared/tools/perf-ratio.sh starts the service with no auditor credential, so
/// the Jornada cannot be closed and its ballots are not exported; that path once ended in an unhandled 409 instead of a figure.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_load_tool_measures_the_service(ServiceFixture service)
{
    private Task<int> LoadAsync(string auditorToken) => BallotLoad.RunAsync(
    [
        "--url", service.BaseAddress.ToString(), "--ballots", "300", "--concurrency", "8",
        "--staff-token", ServiceFixture.StaffToken, "--auditor-token", auditorToken, "--label", "load-tool-test",
    ]);

    [Fact]
    public async Task with_the_ieeq_credential_it_closes_the_jornada_and_checks_every_ballot_in_the_export() =>
        Assert.Equal(0, await LoadAsync(ServiceFixture.AuditorToken));

    [Fact]
    public async Task without_it_the_jornada_stays_open_and_each_receipt_is_looked_up_instead() =>
        Assert.Equal(0, await LoadAsync("no-such-auditor"));
}
