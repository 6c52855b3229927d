using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace GobiernoAbierto.Benchmarks;

/// <summary>
/// HTTP load against a running service, speaking JSON with its own small DTOs (no reference to the service's types, so
/// it keeps compiling whatever the service's namespaces become). It creates and opens a Jornada, optionally casts
/// warm-up ballots, then measures one of:
/// <list type="bullet">
/// <item><b>closed loop</b> (default): C clients, each sends its next ballot when the previous one is answered, until
/// N ballots are cast. Latency is from send to response.</item>
/// <item><b>open loop</b> (<c>--rate R --seconds S</c>): R×S ballots, ballot i scheduled at t0 + i/R whatever the
/// responses; latency is measured from each ballot's scheduled time, so queueing (in the service, in the connection
/// pool, or a late send) shows up in it.</item>
/// </list>
/// Every ballot is of a distinct voter. At the end the Jornada is closed, the service verifies its chain, and the audit
/// export is read back: every acknowledged receipt must be in it exactly once with the option that was sent, and it
/// must hold no more ballots than were sent. Otherwise a ballot was lost, changed or doubled and no figure is printed.
/// Closing before the voting window ends needs an IEEQ countersignature (README, "Contrafirma del IEEQ"): the client asks
/// for it as staff and grants it with --auditor-token. A service started without an auditor credential (as
/// ../shared/tools/perf-ratio.sh starts it) leaves the Jornada open: the check then finds the receipts the chain does not
/// hold yet in the sealed urn (GET /api/receipts/{code}), and says sealed=false.
/// </summary>
public static class BallotLoad
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The service's wire format, as this client needs it (camelCase JSON; enums as strings).
    private sealed record DelegacionDto(string Id, string Name);
    private sealed record ColoniaDto(string Id, string Name, string DelegacionId);
    private sealed record CreateJornadaDto(string Title, DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, string VoterIdKind,
        IReadOnlyList<DelegacionDto> Delegaciones, IReadOnlyList<ColoniaDto> Colonias);
    private sealed record OptionDto(string Title, string Description, decimal EstimatedCost);
    private sealed record SetOptionsDto(IReadOnlyList<OptionDto> Options);
    private sealed record JornadaDto(Guid Id, string? Status);
    private sealed record BallotDto(string VoterId, string ColoniaId, string OptionId);
    private sealed record RegisterKioskDto(string KioskId, string Name, string Location);
    private sealed record KioskRegistrationDto(string Credential);
    private sealed record KioskActivationDto(string Fingerprint, bool Authorized);
    private sealed record AuthorizeKioskDto(string Fingerprint);
    private sealed record ReceiptDto(string Receipt);
    private sealed record VerificationDto(long BallotsChecked, bool Intact, JsonElement? FirstBreak);
    private sealed record CountersignatureRequestDto(string Action, string? KioskId, string Reason);
    private sealed record CountersignatureDto(Guid RequestId);
    private sealed record CountersignatureAnswerDto(string Reason);
    private sealed record ReceiptStatusDto(bool Counted);
    private sealed record TallyDto(long InSealedUrn);

    private const string FelixOsores = "felix-osores-sotomayor";
    private const string FelipeCarrillo = "felipe-carrillo-puerto";

    /// <summary>A copy of the Querétaro seed territory (two delegaciones, 28 colonias), so the Jornada the service reads and
    /// writes per ballot is as large as a real one and figures stay comparable with earlier runs. A copy, not a
    /// reference to the service's QueretaroTerritory: the load client depends on the wire format only.</summary>
    private static readonly DelegacionDto[] Delegaciones = [new(FelixOsores, "Félix Osores Sotomayor"), new(FelipeCarrillo, "Felipe Carrillo Puerto")];

    private static readonly ColoniaDto[] Colonias =
    [
        new("francisco-villa-i", "Francisco Villa I", FelixOsores),
        new("francisco-villa-ii", "Francisco Villa II", FelixOsores),
        new("loma-bonita", "Loma Bonita", FelixOsores),
        new("villas-de-guadalupe", "Villas de Guadalupe", FelixOsores),
        new("el-paraiso", "El Paraíso", FelixOsores),
        new("luis-donaldo-colosio", "Luis Donaldo Colosio", FelixOsores),
        new("libertadores", "Libertadores", FelixOsores),
        new("felipe-angeles", "Felipe Ángeles", FelixOsores),
        new("rosendo-salazar", "Rosendo Salazar", FelixOsores),
        new("el-romerillal", "El Romerillal", FelixOsores),
        new("lomas-de-satelite", "Lomas de Satélite", FelixOsores),
        new("ciudad-del-sol", "Cd. del Sol", FelixOsores),
        new("cerrito-colorado", "Cerrito Colorado", FelixOsores),
        new("geo-villas", "Geo Villas", FelixOsores),
        new("azucenas", "Azucenas", FelixOsores),
        new("rancho-san-pedro-i", "Rancho San Pedro I", FelipeCarrillo),
        new("rancho-san-pedro-ii", "Rancho San Pedro II", FelipeCarrillo),
        new("rancho-san-pedro-iii", "Rancho San Pedro III", FelipeCarrillo),
        new("rancho-san-pedro-iv", "Rancho San Pedro IV", FelipeCarrillo),
        new("san-pedro-martir", "San Pedro Mártir", FelipeCarrillo),
        new("la-loma-ix", "La Loma IX", FelipeCarrillo),
        new("fundadores", "Fundadores", FelipeCarrillo),
        new("josefa-vergara", "Josefa Vergara", FelipeCarrillo),
        new("el-alamo", "El Álamo", FelipeCarrillo),
        new("valle-de-san-pedro", "Valle de San Pedro", FelipeCarrillo),
        new("vinedos", "Viñedos", FelipeCarrillo),
        new("sonterra", "Sonterra", FelipeCarrillo),
        new("colinas-del-poniente", "Colinas del Poniente", FelipeCarrillo),
    ];

    private sealed class Options(Dictionary<string, string> values)
    {
        public string Get(string key, string fallback) => values.GetValueOrDefault(key, fallback);
        public int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        public double Double(string key, double fallback) => values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        public bool Has(string key) => values.ContainsKey(key);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Options(args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]));
        var url = new Uri(o.Get("url", "http://127.0.0.1:5090"));
        if (!IPAddress.IsLoopback((await Dns.GetHostAddressesAsync(url.Host))[0]))
        {
            Console.Error.WriteLine("Load runs against loopback only.");
            return 2;
        }
        var open = o.Has("rate");
        var rate = o.Double("rate", 0);
        var seconds = o.Double("seconds", 10);
        var ballots = open ? (int)Math.Round(rate * seconds) : o.Int("ballots", 20000);
        var concurrency = o.Int("concurrency", 64);
        var connections = o.Int("connections", open ? 512 : concurrency);
        var warmup = o.Int("warmup", 0);
        var label = o.Get("label", open ? $"open-{rate:0}/s" : $"closed-{concurrency}");
        var timeout = TimeSpan.FromSeconds(o.Double("timeout-seconds", 60));
        if (ballots <= 0 || concurrency <= 0 || (open && rate <= 0))
        {
            Console.Error.WriteLine("Nothing to send: check --ballots, --concurrency, --rate and --seconds.");
            return 2;
        }
        // CPU figures only when told which processes are the service and PostgreSQL.
        var cpu = o.Has("service-pid") && o.Has("pg-postmaster")
            ? new CpuSampler(o.Int("service-pid", 0), o.Int("pg-postmaster", 0), o.Has("pg-db") ? o.Get("pg-db", "") : null)
            : null;

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(connections, concurrency),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        }) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        var staff = new AuthenticationHeaderValue("Bearer", o.Get("staff-token", "bench-staff"));
        var auditor = new AuthenticationHeaderValue("Bearer", o.Get("auditor-token", "bench-auditor"));

        var now = DateTimeOffset.UtcNow;
        var jornada = await Send<JornadaDto>(http, HttpMethod.Post, "/api/jornadas", staff,
            new CreateJornadaDto($"Benchmark {label}", now.AddMinutes(-5), now.AddDays(1), "ClaveElector", Delegaciones, Colonias));
        await Send<JornadaDto>(http, HttpMethod.Put, $"/api/jornadas/{jornada.Id}/options", staff,
            new SetOptionsDto([new("Obra A", "Primera obra de prueba", 1000m), new("Obra B", "Segunda obra de prueba", 1000m)]));
        // Kiosk ballots: the channel that needs no voting code, so the load needs only the staff credential. The ballot
        // path is the same group commit; online ballots add one read of the code's verifier per ballot.
        var link = await Send<KioskRegistrationDto>(http, HttpMethod.Post, $"/api/jornadas/{jornada.Id}/kiosks", staff,
            new RegisterKioskDto("kiosco-bench", "Kiosco del benchmark", "127.0.0.1"));
        // What the kiosk page does with its configuration link: the device's own credential, the one that votes.
        var kiosk = new KioskRegistrationDto("kiosco_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        var activation = await Send<KioskActivationDto>(http, HttpMethod.Post, $"/api/jornadas/{jornada.Id}/kiosks/kiosco-bench/activation",
            new AuthenticationHeaderValue("Bearer", link.Credential), kiosk);
        // A service with an IEEQ auditor takes the kiosk's ballots once the auditor types the fingerprint its screen shows.
        if (!activation.Authorized)
            await Send<JsonElement>(http, HttpMethod.Post, $"/api/jornadas/{jornada.Id}/kiosks/kiosco-bench/authorization", auditor,
                new AuthorizeKioskDto(activation.Fingerprint));
        await Send<JornadaDto>(http, HttpMethod.Post, $"/api/jornadas/{jornada.Id}/open", staff, null);

        var caster = new Caster(http, new AuthenticationHeaderValue("Bearer", kiosk.Credential), jornada.Id, timeout);
        if (warmup > 0) await ClosedLoop(caster, 0, warmup, concurrency);

        var progress = o.Int("progress", 0);
        var before = cpu?.Take();
        var measured = open
            ? await OpenLoop(caster, warmup, ballots, rate, progress)
            : await ClosedLoop(caster, warmup, ballots, concurrency, progress, cpu);
        var after = cpu?.Take();

        var closed = await CloseAsync(http, staff, auditor, jornada.Id);
        var check = await Verify(http, staff, auditor, jornada.Id, caster, warmup + ballots, closed);

        var head = open
            ? $"{label,-24} mode=open offered={rate:0}/s seconds={seconds:0.#} sent={ballots} connections={connections}"
            : $"{label,-24} mode=closed clients={concurrency} ballots={ballots}";
        if (check.Problem is not null)
        {
            // No figure: a throughput or a latency of a run that lost, changed or doubled a ballot would be a lie.
            Console.WriteLine($"{head} warmup={warmup} RESULT=REFUSED reason=\"{check.Problem}\" {check.Summary}");
            return 1;
        }

        var lat = measured.Latencies;
        Array.Sort(lat);
        double P(double q) => lat.Length == 0 ? double.NaN : lat[Math.Min(lat.Length - 1, (int)Math.Ceiling(q * lat.Length) - 1)];
        var perBallot = measured.Accepted > 0 && before is not null && after is not null ? CpuSampler.Between(before, after) : null;
        string Ms(double cpuSeconds) => (cpuSeconds * 1000 / measured.Accepted).ToString("F3", CultureInfo.InvariantCulture);
        var cpuText = perBallot is null ? (cpu is null ? "cpu=not-measured" : "cpu=unavailable") :
            $"cpu_ms_per_ballot: service={Ms(perBallot.Service)} pg_db={Ms(perBallot.PgDatabase)} pg_cluster={Ms(perBallot.PgCluster)} " +
            $"load={Ms(perBallot.Self)} others={Ms(perBallot.Others)} " +
            Inv($"machine_busy={100 * perBallot.MachineBusy / Math.Max(perBallot.MachineAll, 1e-9):F0}% ") +
            Inv($"cpu_seconds: service_s={perBallot.Service:F2} pg_db_s={perBallot.PgDatabase:F2} pg_cluster_s={perBallot.PgCluster:F2} load_s={perBallot.Self:F2} ") +
            Inv($"machine_busy_s={perBallot.MachineBusy:F2} machine_all_s={perBallot.MachineAll:F2} wall_s={perBallot.Wall:F2}");
        var lag = open ? Inv($" send_lag_p99={Percentile(measured.SendLags, 0.99):F1}ms") : "";
        Console.WriteLine(Inv($"{head} warmup={warmup} RESULT=OK accepted={measured.Accepted} errors={measured.Errors} ") +
                          Inv($"elapsed={measured.Elapsed:F2}s throughput={measured.Accepted / measured.Elapsed:F1}/s ") +
                          Inv($"p50={P(0.50):F1}ms p95={P(0.95):F1}ms p99={P(0.99):F1}ms max={(lat.Length == 0 ? double.NaN : lat[^1]):F1}ms{lag} ") +
                          $"{cpuText} {check.Summary}");
        if (measured.Errors > 0)
            Console.WriteLine($"  errors by kind: {string.Join(", ", caster.ErrorKinds.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}×{kv.Value}"))}");
        return measured.Errors == 0 ? 0 : 1;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    private sealed record Measured(double Elapsed, int Accepted, int Errors, double[] Latencies, double[] SendLags);

    /// <summary>
    /// Casts ballots [first, first + count) with `clients` clients, each waiting for its answer before the next. With
    /// progress N, a line per N answers: the rate and latency of those N alone, how many the Jornada holds by then, and
    /// (with a CPU sampler) the CPU milliseconds per ballot the service and PostgreSQL spent on them.
    /// </summary>
    private static async Task<Measured> ClosedLoop(Caster caster, int first, int count, int clients, int progress = 0, CpuSampler? cpu = null)
    {
        var blockCpu = progress > 0 ? cpu?.Take() : null;
        var latencies = new double[count];
        var next = -1;
        var accepted = 0;
        var answered = 0;
        var clock = Stopwatch.StartNew();
        var blockStarted = 0L;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(clients, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await caster.CastAsync(first + i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (ok) Interlocked.Increment(ref accepted);
                if (progress > 0 && Interlocked.Increment(ref answered) % progress == 0) Progress(Interlocked.CompareExchange(ref answered, 0, 0));
            }
        })));
        clock.Stop();
        return new Measured(clock.Elapsed.TotalSeconds, accepted, count - accepted, latencies, []);

        void Progress(int done)
        {
            var now = clock.Elapsed.Ticks;
            var seconds = TimeSpan.FromTicks(now - Interlocked.Exchange(ref blockStarted, now)).TotalSeconds;
            // Latencies of the ballots sent in this block (by index; those still in flight read 0 and are left out).
            var block = latencies.AsSpan(Math.Max(0, done - progress), progress).ToArray().Where(l => l > 0).Order().ToArray();
            double P(double q) => block.Length == 0 ? double.NaN : block[Math.Min(block.Length - 1, (int)Math.Ceiling(q * block.Length) - 1)];
            var cpuText = "";
            if (blockCpu is not null && cpu?.Take() is { } now2)
            {
                var used = CpuSampler.Between(blockCpu, now2);
                blockCpu = now2;
                cpuText = Inv($" cpu_ms_per_ballot: service={used.Service * 1000 / progress:F3} pg_db={used.PgDatabase * 1000 / progress:F3} others={used.Others * 1000 / progress:F3}");
            }
            Console.WriteLine(Inv($"  progress in_jornada={first + done} at={clock.Elapsed.TotalSeconds:F1}s rate={progress / seconds:F1}/s p50={P(0.5):F1}ms p99={P(0.99):F1}ms{cpuText}"));
        }
    }

    /// <summary>
    /// Sends ballot first + i at t0 + i/rate, whether or not earlier ones were answered. The dispatcher sleeps until the
    /// next ballot's time (at least 1 ms, the timer's resolution) and sends every ballot whose time has come; latency counts from the scheduled time, so a late send
    /// (reported as send lag) or a wait for a free connection is part of it, as it would be for a voter. With progress N,
    /// a line per N ballots after the run, by when they were due (a stall shows as the blocks it delayed): their p50, p99
    /// and slowest.
    /// </summary>
    private static async Task<Measured> OpenLoop(Caster caster, int first, int count, double rate, int progress = 0)
    {
        var latencies = new double[count];
        var lags = new double[count];
        var accepted = 0;
        var tasks = new Task[count];
        var ticksPerBallot = Stopwatch.Frequency / rate;
        var t0 = Stopwatch.GetTimestamp();
        var i = 0;
        while (i < count)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < count && t0 + (long)(i * ticksPerBallot) <= now; i++)
            {
                var n = i;
                var due = t0 + (long)(n * ticksPerBallot);
                lags[n] = Stopwatch.GetElapsedTime(due, now).TotalMilliseconds;
                tasks[n] = Task.Run(async () =>
                {
                    var ok = await caster.CastAsync(first + n);
                    latencies[n] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                    if (ok) Interlocked.Increment(ref accepted);
                });
            }
            if (i < count)
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), t0 + (long)(i * ticksPerBallot)).TotalMilliseconds)));
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        for (var start = 0; progress > 0 && start < count; start += progress)
        {
            var block = latencies.AsSpan(start, Math.Min(progress, count - start)).ToArray().Order().ToArray();
            double P(double q) => block[Math.Min(block.Length - 1, (int)Math.Ceiling(q * block.Length) - 1)];
            Console.WriteLine(Inv($"  progress due_at={start / rate:F1}s p50={P(0.5):F1}ms p99={P(0.99):F1}ms max={block[^1]:F1}ms"));
        }
        return new Measured(elapsed, accepted, count - accepted, latencies, lags);
    }

    /// <summary>Casts ballot n (voter n, a colonia and option derived from n) and remembers the receipt of an accepted one.</summary>
    private sealed class Caster(HttpClient http, AuthenticationHeaderValue kiosk, Guid jornadaId, TimeSpan timeout)
    {
        private readonly string _path = $"/api/jornadas/{jornadaId}/ballots";
        public ConcurrentDictionary<string, int> Receipts { get; } = new();
        public ConcurrentDictionary<string, int> ErrorKinds { get; } = new();

        public static string OptionOf(int n) => n % 3 == 0 ? "B" : "A";

        public async Task<bool> CastAsync(int n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _path)
            {
                Content = JsonContent.Create(new BallotDto(Clave(n), Colonias[n % Colonias.Length].Id, OptionOf(n)), options: Json),
            };
            request.Headers.Authorization = kiosk;
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                using var response = await http.SendAsync(request, cts.Token);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    ErrorKinds.AddOrUpdate($"http-{(int)response.StatusCode}", 1, (_, c) => c + 1);
                    return false;
                }
                var receipt = await response.Content.ReadFromJsonAsync<ReceiptDto>(Json, cts.Token);
                if (receipt?.Receipt is not { Length: > 0 } code || !Receipts.TryAdd(code, n))
                {
                    ErrorKinds.AddOrUpdate(receipt?.Receipt is { Length: > 0 } ? "receipt-given-twice" : "no-receipt", 1, (_, c) => c + 1);
                    return false;
                }
                return true;
            }
            catch (OperationCanceledException)
            {
                ErrorKinds.AddOrUpdate("timeout", 1, (_, c) => c + 1);
                return false;
            }
            catch (HttpRequestException e)
            {
                ErrorKinds.AddOrUpdate($"connection-{e.HttpRequestError}", 1, (_, c) => c + 1);
                return false;
            }
        }
    }

    private sealed record Check(string? Problem, string Summary);

    /// <summary>
    /// Closes the Jornada, before its window ends: staff ask for the IEEQ's countersignature and the auditor credential
    /// grants it. False when the service knows no such credential: the Jornada stays open.
    /// </summary>
    private static async Task<bool> CloseAsync(HttpClient http, AuthenticationHeaderValue staff, AuthenticationHeaderValue auditor, Guid jornadaId)
    {
        var asked = await Send<CountersignatureDto>(http, HttpMethod.Post, $"/api/jornadas/{jornadaId}/countersignatures", staff,
            new CountersignatureRequestDto("CloseEarly", null, "Fin de la medición de carga."));
        using var grant = new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornadaId}/countersignatures/{asked.RequestId}/grant")
        {
            Content = JsonContent.Create(new CountersignatureAnswerDto("Medición de carga, sin votantes reales."), options: Json),
        };
        grant.Headers.Authorization = auditor;
        using var granted = await http.SendAsync(grant);
        if (granted.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return false;
        if (!granted.IsSuccessStatusCode)
            throw new InvalidOperationException($"grant: {(int)granted.StatusCode} {await granted.Content.ReadAsStringAsync()}");
        await Send<JornadaDto>(http, HttpMethod.Post, $"/api/jornadas/{jornadaId}/close", staff, null);
        return true;
    }

    /// <summary>
    /// The service's chain verification, and every acknowledged receipt in the audit export (the IEEQ's) once; when the Jornada could
    /// not be closed, each receipt the export does not hold must be waiting in the sealed urn.
    /// </summary>
    private static async Task<Check> Verify(HttpClient http, AuthenticationHeaderValue staff, AuthenticationHeaderValue auditor, Guid jornadaId,
        Caster caster, int sent, bool closed)
    {
        var report = await Send<VerificationDto>(http, HttpMethod.Get, $"/api/jornadas/{jornadaId}/audit/verification", staff, null);
        if (!closed) return await VerifyUnsealed(http, staff, jornadaId, caster, report, sent);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jornadas/{jornadaId}/audit/ballots.csv");
        request.Headers.Authorization = auditor; // receipts beside choices: the IEEQ's export (closed means it has one)
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var header = (await reader.ReadLineAsync() ?? "").Split(',');
        int receiptColumn = Array.IndexOf(header, "receipt"), optionColumn = Array.IndexOf(header, "option");
        if (receiptColumn < 0 || optionColumn < 0) return new Check("the audit export has no receipt or option column", "");

        var seen = new HashSet<string>();
        long rows = 0, doubled = 0, changed = 0, unacknowledged = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            rows++;
            var f = line.Split(',');
            if (!seen.Add(f[receiptColumn])) doubled++;
            else if (!caster.Receipts.TryGetValue(f[receiptColumn], out var n)) unacknowledged++;
            else if (f[optionColumn] != Caster.OptionOf(n)) changed++;
        }
        var acknowledged = caster.Receipts.Count;
        var lost = caster.Receipts.Keys.Count(r => !seen.Contains(r));
        var summary = $"chain={(report.Intact ? "intact" : "BROKEN")} counted={report.BallotsChecked} exported={rows} " +
                      $"acknowledged={acknowledged} lost={lost} doubled={doubled} changed={changed} counted_unacknowledged={unacknowledged}";
        string? problem =
            !report.Intact || report.FirstBreak is { ValueKind: not JsonValueKind.Null } ? "the chain does not verify" :
            report.BallotsChecked != rows ? "the verified count and the export disagree" :
            lost > 0 ? $"{lost} acknowledged ballot(s) missing from the export" :
            doubled > 0 ? $"{doubled} receipt(s) appear twice" :
            changed > 0 ? $"{changed} ballot(s) with another option than sent" :
            rows > sent ? $"{rows} ballots counted but only {sent} sent" :
            null;
        return new Check(problem, summary);
    }

    /// <summary>
    /// The Jornada could not be closed (the service knows no auditor credential, as ../shared/tools/perf-ratio.sh starts
    /// it), so its ballots cannot be exported (409 jornada_not_sealed). Each acknowledged receipt is looked up instead:
    /// counted in the chain, or not yet. The receipt check never says whether a receipt waits in the sealed urn (the
    /// service's secrecy needs that), so the ones not counted are compared with how many ballots the live tally says wait
    /// there: fewer waiting than receipts not counted is a lost ballot, more a doubled one. A request left unanswered
    /// (committed, then timed out, or never committed) makes that comparison inconclusive while receipts wait uncounted:
    /// one lost ballot and one unanswered that committed would add up, so such a run prints no figure. The chain must
    /// hold exactly the counted ones, plus at most the unanswered. What each ballot says is not checked this way: a receipt's status says where the ballot is, not its option.
    /// </summary>
    private static async Task<Check> VerifyUnsealed(HttpClient http, AuthenticationHeaderValue staff, Guid jornadaId, Caster caster,
        VerificationDto report, int sent)
    {
        var counted = 0;
        await Parallel.ForEachAsync(caster.Receipts.Keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (receipt, _) =>
        {
            if ((await Send<ReceiptStatusDto>(http, HttpMethod.Get, $"/api/receipts/{receipt}", staff, null)).Counted) Interlocked.Increment(ref counted);
        });
        var inUrn = (await Send<TallyDto>(http, HttpMethod.Get, $"/api/jornadas/{jornadaId}/tally", staff, null)).InSealedUrn;
        var acknowledged = caster.Receipts.Count;
        var unanswered = sent - acknowledged;
        var notCounted = acknowledged - counted;
        var lost = Math.Max(0, notCounted - inUrn);
        var extra = report.BallotsChecked - counted + Math.Max(0, inUrn - notCounted);
        var summary = $"chain={(report.Intact ? "intact" : "BROKEN")} counted={report.BallotsChecked} acknowledged={acknowledged} " +
                      $"lost={lost} in_urn={inUrn} counted_unacknowledged_or_doubled={extra} sealed=false options=unchecked";
        string? problem =
            !report.Intact || report.FirstBreak is { ValueKind: not JsonValueKind.Null } ? "the chain does not verify" :
            lost > 0 ? $"{lost} acknowledged ballot(s) neither counted nor among the {inUrn} waiting in the sealed urn" :
            unanswered > 0 && notCounted > 0 ? $"inconclusive: {unanswered} request(s) unanswered while {notCounted} acknowledged receipt(s) wait " +
                "uncounted; without closing the Jornada it cannot be told whether one of those was lost" :
            report.BallotsChecked < counted ? "the chain holds fewer ballots than the receipts found in it" :
            extra > unanswered ? $"{extra - unanswered} ballot(s) counted twice (the chain and the urn hold {extra} more than the acknowledged receipts, {unanswered} request(s) unanswered)" :
            null;
        return new Check(problem, summary);
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
