using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// PostgreSQL stops answering under a running service (here: a data source whose server is not there). The keeper
/// that runs every 5 s says so once, in one line, instead of a warning with a stack trace every round of the outage.
/// </summary>
public sealed class when_postgresql_does_not_answer_the_vacuum_horizon_keeper
{
    [Fact]
    public async Task it_says_so_once_without_a_stack_trace()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var nowhere = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=2");
        var keeper = new VacuumHorizonKeeper(nowhere, factory.CreateLogger<VacuumHorizonKeeper>());

        await keeper.StartAsync(CancellationToken.None);
        await Task.Delay(VacuumHorizonKeeper.Every * 2 + TimeSpan.FromSeconds(2)); // three rounds at least: 5, 10 s and their connects
        await keeper.StopAsync(CancellationToken.None);

        var said = logs.Since(0).Where(e => e.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(said);
        Assert.StartsWith("PostgreSQL does not answer (", warning.Message);
        Assert.Null(warning.Exception);
    }
}
