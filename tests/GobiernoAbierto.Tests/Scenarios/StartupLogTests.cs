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

/// <summary>A service of its own whose sealed urn holds ballots until 25 are there.</summary>
public sealed class UrnHoldingService() : ServiceHost(TestDatabase.NewSchemaName(), mixSize: 25);

/// <summary>
/// An operator restarts the service during the vote (after a crash, a kill, a failover): its log said nothing of the
/// open Jornadas, so nothing told her the ballots acknowledged before, those in the sealed urn too, were still there.
/// </summary>
public sealed class when_an_instance_starts_during_the_vote(UrnHoldingService service) : IClassFixture<UrnHoldingService>
{
    [Fact]
    public async Task its_log_says_what_each_open_jornadas_chain_and_sealed_urn_hold()
    {
        var api = new VotingApi(service);
        var (jornadaId, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = api.Kiosk(kioskToken);
        for (var i = 0; i < 3; i++) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave()));

        await using var restarted = new ServiceHost(service.Schema, daemonMode: "Disabled", mixSize: 25);
        await restarted.InitializeAsync();

        string? line = null;
        for (var i = 0; i < 40 && line is null; i++)
        {
            if (i > 0) await Task.Delay(250);
            line = restarted.Logs.Since(0).FirstOrDefault(e => e.Message.StartsWith($"Jornada {jornadaId} ", StringComparison.Ordinal))?.Message;
        }
        Assert.NotNull(line);
        Assert.Contains("is open: turnout 3, 0 ballots in its chain, 3 in the sealed urn", line);
    }
}
