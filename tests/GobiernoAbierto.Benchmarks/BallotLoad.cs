using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Benchmarks;

/// <summary>
/// Casts N ballots of distinct voters with C concurrent clients on the online channel, then closes the Jornada and has
/// the service verify the chain, so a run that lost or doubled a ballot cannot report a throughput.
/// </summary>
public static class BallotLoad
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
        var url = new Uri(options.GetValueOrDefault("url", "http://127.0.0.1:5090"));
        if (!IPAddress.IsLoopback((await Dns.GetHostAddressesAsync(url.Host))[0]))
        {
            Console.Error.WriteLine("Load runs against loopback only.");
            return 2;
        }
        var ballots = int.Parse(options.GetValueOrDefault("ballots", "20000"));
        var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "64"));
        var label = options.GetValueOrDefault("label", "");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        var staff = new AuthenticationHeaderValue("Bearer", options.GetValueOrDefault("staff-token", "bench-staff"));
        var portal = new AuthenticationHeaderValue("Bearer", options.GetValueOrDefault("portal-token", "bench-portal"));

        var now = DateTimeOffset.UtcNow;
        var territory = QueretaroTerritory.Plan2020;
        var jornada = await Send<JornadaDetails>(http, HttpMethod.Post, "/api/jornadas", staff,
            new CreateJornada("Benchmark", now.AddMinutes(-5), now.AddDays(1), VoterIdKind.ClaveElector, territory.Delegaciones, territory.Colonias));
        await Send<JornadaDetails>(http, HttpMethod.Put, $"/api/jornadas/{jornada.Id}/options", staff,
            new SetBallotOptions([new("Obra A", "a", 1000m), new("Obra B", "b", 1000m)]));
        await Send<JornadaDetails>(http, HttpMethod.Post, $"/api/jornadas/{jornada.Id}/open", staff, null);

        var latencies = new double[ballots];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ballots)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornada.Id}/ballots")
                {
                    Content = JsonContent.Create(new CastBallot(Clave(i), territory.Colonias[i % territory.Colonias.Count].Id, i % 3 == 0 ? "B" : "A"), options: Json),
                };
                request.Headers.Authorization = portal;
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await http.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.Created) Interlocked.Increment(ref failures);
            }
        }));
        clock.Stop();

        await Send<JornadaDetails>(http, HttpMethod.Post, $"/api/jornadas/{jornada.Id}/close", staff, null);
        var report = await Send<VerificationReport>(http, HttpMethod.Get, $"/api/jornadas/{jornada.Id}/audit/verification", staff, null);

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        Console.WriteLine($"{label,-28} ballots={ballots} concurrency={concurrency} failures={failures} " +
                          $"elapsed={clock.Elapsed.TotalSeconds:F1}s throughput={ballots / clock.Elapsed.TotalSeconds:F0}/s " +
                          $"p50={P(0.50):F0}ms p95={P(0.95):F0}ms p99={P(0.99):F0}ms chain={(report.Intact ? "intact" : "BROKEN")} counted={report.BallotsChecked}");
        return failures == 0 && report.Intact && report.BallotsChecked == ballots ? 0 : 1;
    }

    private static async Task<T> Send<T>(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue auth, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json) };
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>A distinct well-formed clave de elector per index.</summary>
    private static string Clave(int n)
    {
        var letters = new char[6];
        var x = n;
        for (var i = 5; i >= 0; i--) { letters[i] = (char)('A' + x % 26); x /= 26; }
        return $"{new string(letters)}{80 + n % 20:00}{1 + n % 12:00}{1 + n % 28:00}22{(n % 2 == 0 ? 'H' : 'M')}{n % 1000:000}";
    }
}
