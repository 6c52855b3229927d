using System.Net;
using System.Net.Sockets;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The operator starts the service when its port is still taken, or stops it (systemctl stop, docker stop) while it
/// is starting. Before, the taken port was found only at the end of the start-up, after the schema was brought up to
/// date, behind a logged stack trace; and a SIGTERM while starting ended in an unhandled OperationCanceledException,
/// its stack trace and exit code 134, which supervisors read as a crash.
/// </summary>
public sealed class when_the_service_is_started_on_a_taken_port_or_stopped_while_starting
{
    [Fact]
    public async Task a_taken_port_is_one_spanish_line_and_exit_2_before_the_database_is_touched()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var service = await ServiceProcess.StartAsync(port: port);
        await service.WaitForExitAsync();

        Assert.Equal(2, service.ExitCode);
        // One line says it. Standard output and standard error come through two pipes, so which line is read last is
        // not the order they were written in (the sigterm test below met that once).
        var lines = service.Output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal($"GobiernoAbierto no arranca: http://127.0.0.1:{port} ya está en uso. ¿Sigue corriendo otra instancia del " +
            "servicio (o otro programa) en ese puerto? Deténgala, o elija otra dirección con --urls o ASPNETCORE_URLS.",
            Assert.Single(lines, l => l.Contains("no arranca", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", service.Output);
        Assert.DoesNotContain("crit:", service.Output);
        Assert.DoesNotContain("fail:", service.Output);
        // Said before the long start-up work: the schema it would have created is not there.
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select count(*) from information_schema.schemata where schema_name = $1", connection)
        {
            Parameters = { new() { Value = service.Schema } },
        };
        Assert.Equal(0L, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task sigterm_while_it_starts_is_a_clean_exit_0_with_one_line()
    {
        // A schema of its own, new: the start-up brings it up to date (seconds here) before the service listens. The
        // signal comes just after the line logged before the host starts, while the schema is being made.
        await using var service = await ServiceProcess.StartAsync();
        Assert.True(await service.WaitForOutputAsync("Arranque local", TimeSpan.FromMinutes(1)), service.Output);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain("Application started", service.Output);

        await service.TerminateAsync();

        Assert.Equal(0, service.ExitCode);
        // Standard output and standard error come through two pipes: Marten's notice, printed by the start a moment
        // before the stop, may be read after the stop's line (seen once under load). Nothing else may follow it.
        var lines = service.Output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(StartupFailure.StoppedWhileStarting, lines);
        Assert.All(lines.SkipWhile(l => l != StartupFailure.StoppedWhileStarting).Skip(1),
            l => Assert.StartsWith("Projections ", l));
        Assert.DoesNotContain("Unhandled exception", service.Output);
        Assert.DoesNotContain("   at ", service.Output);
        Assert.DoesNotContain("fail:", service.Output);
    }

    [Fact]
    public async Task sigterm_while_a_database_that_never_answers_holds_the_start_still_ends_it_within_seconds()
    {
        // A server that takes the connection and never says a word (a hung PostgreSQL, a firewall that swallows
        // packets): Npgsql waits out its Timeout, 15 s, longer than docker stop waits before SIGKILL (10 s).
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__GobiernoAbierto"] = $"Host=127.0.0.1;Port={port};Database=ga;Username=ga;Password=ga",
        });
        using var held = await silent.AcceptSocketAsync().WaitAsync(TimeSpan.FromMinutes(1)); // it is waiting for an answer
        await Task.Delay(TimeSpan.FromSeconds(2)); // well into that wait, not before the host's start looks at the token
        Assert.False(service.HasExited, service.Output);

        var stop = System.Diagnostics.Stopwatch.StartNew();
        await service.TerminateAsync();

        Assert.True(stop.Elapsed < StartupFailure.StopWhileStartingGrace + TimeSpan.FromSeconds(4), $"It took {stop.Elapsed} to stop.");
        Assert.Equal(0, service.ExitCode);
        // Said once (the process ends without flushing the console log, so a log line may still come after it).
        Assert.Equal(2, service.Output.Split(StartupFailure.StoppedWhileStarting).Length);
        Assert.DoesNotContain("   at ", service.Output);
        Assert.DoesNotContain("no arranca", service.Output);
    }

    [Fact]
    public async Task sigterm_once_it_is_ready_still_stops_it_gracefully_with_exit_0()
    {
        await using var service = await ServiceProcess.StartAsync();
        await service.WaitUntilReadyAsync();

        await service.TerminateAsync();

        Assert.Equal(0, service.ExitCode);
        Assert.Contains("Application is shutting down...", service.Output);
        Assert.DoesNotContain(StartupFailure.StoppedWhileStarting, service.Output);
        Assert.DoesNotContain("   at ", service.Output);
    }
}
