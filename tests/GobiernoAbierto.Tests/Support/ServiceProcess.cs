using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// The service as an operator runs it: `dotnet GobiernoAbierto.dll --urls …` in a process of its own, Production on
/// loopback, on the tests' PostgreSQL in a schema of its own, with none of the test run's environment; what it writes
/// (its console log, and its standard error) is read as it comes.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    public Uri BaseAddress { get; }

    /// <summary>Its Marten schema, its own unless the environment given says otherwise.</summary>
    public string Schema { get; }

    private ServiceProcess(System.Diagnostics.Process process, Uri baseAddress, string schema)
    {
        _process = process;
        BaseAddress = baseAddress;
        Schema = schema;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What it has written so far, standard output and error together.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of its process (its /proc entry).</summary>
    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts it with these settings over the defaults (null removes one); does not wait for it to be ready.</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?>? environment = null, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? ServiceHost.FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "GobiernoAbierto.dll"), "--urls", address.ToString().TrimEnd('/') })
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.ToList())
            if (name.Contains("__", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("GOBIERNOABIERTO", StringComparison.OrdinalIgnoreCase) || name.StartsWith("OTEL_", StringComparison.Ordinal)
                || name is "DOTNET_ENVIRONMENT")
                start.Environment.Remove(name);
        // Production on loopback only, as the benchmarks start it.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__GobiernoAbierto"] = await TestDatabase.ConnectionStringAsync();
        start.Environment["Marten__Schema"] = TestDatabase.NewSchemaName();
        start.Environment["Marten__DaemonMode"] = "Disabled";
        start.Environment["Voting__VoterKeySecret"] = ProductionHost.VoterKeySecret;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        return new ServiceProcess(System.Diagnostics.Process.Start(start)!, address, start.Environment["Marten__Schema"]!);
    }

    /// <summary>Until /health/ready answers 200; fails with its output when it does not within three minutes.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Three minutes: a loaded 2-core machine (other test hosts compiling) has taken more than one to start it.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3) && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(300);
        }
        Assert.Fail("not ready: " + Output);
    }

    /// <summary>Until its output holds <paramref name="text"/>; false when it does not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            await Task.Delay(100);
        }
        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>Until it exits by itself (a minute at most), its output read to the end.</summary>
    public async Task WaitForExitAsync()
    {
        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as `systemctl stop` and `docker stop` send it; then waits for the exit (a minute at most).</summary>
    public async Task TerminateAsync()
    {
        Assert.Equal(0, Kill(_process.Id, 15));
        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        _process.WaitForExit(); // the output read to its end
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
