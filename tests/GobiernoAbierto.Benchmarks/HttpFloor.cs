using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace GobiernoAbierto.Benchmarks;

/// <summary>
/// The most answers per second this machine gives through the same HTTP client and the same service process when the
/// answer costs nothing: C clients in closed loop GET a path that touches no database (/health/live by default). No
/// ballot endpoint can go faster than this on the same machine, so it says how much of pgbench's rate any HTTP
/// service could reach here at all, and how much of a ballot's CPU is HTTP itself (client and server).
/// </summary>
public static class HttpFloor
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
        string Get(string key, string fallback) => o.GetValueOrDefault(key, fallback);
        int Int(string key, int fallback) => o.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var url = new Uri(Get("url", "http://127.0.0.1:5090"));
        if (!IPAddress.IsLoopback((await Dns.GetHostAddressesAsync(url.Host))[0]))
        {
            Console.Error.WriteLine("Load runs against loopback only.");
            return 2;
        }
        var requests = Int("requests", 100_000);
        var clients = Int("concurrency", 64);
        var path = Get("path", "/health/live");
        var cpu = o.ContainsKey("service-pid") && o.ContainsKey("pg-postmaster")
            ? new CpuSampler(Int("service-pid", 0), Int("pg-postmaster", 0), o.GetValueOrDefault("pg-db"))
            : null;

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = url };
        for (var i = 0; i < Math.Min(2_000, requests); i++) // warm-up
        {
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
        }

        var latencies = new double[requests];
        var next = -1;
        var failed = 0;
        var before = cpu?.Take();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
            }
        })));
        clock.Stop();
        var after = cpu?.Take();

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        var text = string.Create(CultureInfo.InvariantCulture,
            $"http-floor path={path} clients={clients} requests={requests} failed={failed} throughput={requests / clock.Elapsed.TotalSeconds:F1}/s p50={P(0.5):F2}ms p99={P(0.99):F2}ms");
        if (before is not null && after is not null)
        {
            var u = CpuSampler.Between(before, after);
            text += string.Create(CultureInfo.InvariantCulture,
                $" cpu_ms_per_request: service={u.Service * 1000 / requests:F3} load={u.Self * 1000 / requests:F3} postgres={u.PgDatabase * 1000 / requests:F3} machine_busy={100 * u.MachineBusy / Math.Max(u.MachineAll, 1e-9):F0}%");
        }
        Console.WriteLine(text);
        return failed == 0 ? 0 : 1;
    }
}
