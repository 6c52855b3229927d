using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The operator starts the built service from another directory than its own (a systemd unit without
/// WorkingDirectory, `dotnet /opt/gobiernoabierto/GobiernoAbierto.dll` typed in a home directory). It still reads its
/// own appsettings.json and serves from its own directory: before, it started without them and answered 404 for every
/// resident page while /health/ready said it was ready.
/// </summary>
public sealed class when_the_operator_starts_the_service_from_another_directory
{
    [Fact]
    public async Task it_reads_its_own_settings_and_files_from_the_directory_it_is_installed_in()
    {
        int port;
        using (var free = new TcpListener(IPAddress.Loopback, 0)) { free.Start(); port = ((IPEndPoint)free.LocalEndpoint).Port; }
        var elsewhere = Directory.CreateTempSubdirectory("ga-cwd-");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = elsewhere.FullName };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GobiernoAbierto.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var name in start.Environment.Keys.ToList())
            if (name.Contains("__", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("GOBIERNOABIERTO", StringComparison.OrdinalIgnoreCase) || name is "DOTNET_ENVIRONMENT")
                start.Environment.Remove(name);
        // Production on loopback only, as the benchmarks start it.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__GobiernoAbierto"] = await TestDatabase.ConnectionStringAsync();
        start.Environment["Marten__Schema"] = TestDatabase.NewSchemaName();
        start.Environment["Marten__DaemonMode"] = "Disabled";
        start.Environment["Voting__VoterKeySecret"] = ProductionHost.VoterKeySecret;

        var output = new StringBuilder();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var ready = false;
            // Three minutes: a loaded 2-core machine (other test hosts compiling) has taken more than one to start it.
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(3) && !ready && !process.HasExited)
            {
                try { ready = (await client.GetAsync("/health/ready")).IsSuccessStatusCode; }
                catch (HttpRequestException) { }
                if (!ready) await Task.Delay(500);
            }
            Assert.True(ready, "not ready: " + output);

            string log;
            lock (output) log = output.ToString();
            Assert.Contains($"Content root path: {AppContext.BaseDirectory}", log);
            // appsettings.json holds Wolverine at Warning: without it its start-up chatter is there at Information.
            Assert.DoesNotContain("Wolverine HTTP endpoints", log);
            // A build, not published: no wwwroot beside it. Its pages come from the build's static web assets (they
            // used to be 500s, the missing page's page included).
            Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")));
            Assert.Contains("kiosco.js", await client.GetStringAsync("/kiosco.html"));
            var missing = new HttpRequestMessage(HttpMethod.Get, "/no-existe.html");
            missing.Headers.Accept.ParseAdd("text/html");
            var answer = await client.SendAsync(missing);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("lang=\"es-MX\"", await answer.Content.ReadAsStringAsync());
            Assert.DoesNotContain("No se encuentran las páginas", log);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            elsewhere.Delete(recursive: true);
        }
    }
}
