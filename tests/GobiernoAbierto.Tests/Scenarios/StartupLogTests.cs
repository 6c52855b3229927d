using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>A service of its own, started for these tests: its log from the first line.</summary>
public sealed class FreshlyStartedService() : ServiceHost(TestDatabase.NewSchemaName());

/// <summary>
/// An operator reads the log of a normal start at the levels appsettings.json sets. A warning there is something to act
/// on; Wolverine's "found no handlers" was one at every start, and it is how this service is built (HTTP endpoints
/// only, no message handlers), so there is nothing to act on.
/// </summary>
public sealed class when_an_operator_reads_the_log_of_a_normal_start(FreshlyStartedService service) : IClassFixture<FreshlyStartedService>
{
    [Fact]
    public async Task it_holds_no_warning_and_no_error()
    {
        using var client = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));

        var loud = service.Logs.Since(0).Where(e => e.Level >= LogLevel.Warning).Select(e => e.ToString()).ToList();

        Assert.True(loud.Count == 0, string.Join("\n", loud));
    }
}
