using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// PostgreSQL stops answering under a running service (here: a data source whose server is not there). The keeper
/// that runs every 5 s says so once, through the outage log, in one line, instead of a warning with a stack trace every
/// round of the outage.
/// </summary>
public sealed class when_postgresql_does_not_answer_the_vacuum_horizon_keeper
{
    [Fact]
    public async Task it_says_so_once_without_a_stack_trace()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var nowhere = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=2");
        using var outage = new DatabaseOutageLog(nowhere, factory.CreateLogger<DatabaseOutageLog>(), new ConfigurationBuilder().Build());
        var keeper = new VacuumHorizonKeeper(nowhere, factory.CreateLogger<VacuumHorizonKeeper>(), outage);

        await keeper.StartAsync(CancellationToken.None);
        await Task.Delay(VacuumHorizonKeeper.Every * 2 + TimeSpan.FromSeconds(2)); // three rounds at least: 5, 10 s and their connects
        await keeper.StopAsync(CancellationToken.None);

        var said = logs.Since(0).Where(e => e.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(said);
        Assert.StartsWith("PostgreSQL does not answer (", warning.Message);
        Assert.Null(warning.Exception);
    }
}

/// <summary>
/// The keeper meets a fault that is not an outage and repeats every round (here: PostgreSQL refuses its password, as after
/// a password change the service was not told of). It is said once with its stack, not every 5 s, and not as an outage.
/// </summary>
public sealed class when_the_vacuum_horizon_keeper_meets_the_same_fault_every_round
{
    [Fact]
    public async Task it_says_it_once()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var refused = new Npgsql.NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync()) { Password = "not-the-password" };
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(refused.ConnectionString);
        using var outage = new DatabaseOutageLog(dataSource, factory.CreateLogger<DatabaseOutageLog>(), new ConfigurationBuilder().Build());
        var keeper = new VacuumHorizonKeeper(dataSource, factory.CreateLogger<VacuumHorizonKeeper>(), outage);

        await keeper.StartAsync(CancellationToken.None);
        await Task.Delay(VacuumHorizonKeeper.Every * 2 + TimeSpan.FromSeconds(2));
        await keeper.StopAsync(CancellationToken.None);

        var said = logs.Since(0).Where(e => e.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(said);
        Assert.Equal(typeof(VacuumHorizonKeeper).FullName, warning.Category);
        Assert.Contains("28P01", warning.Exception?.ToString());
        Assert.False(outage.Down);
    }
}
