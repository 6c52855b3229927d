using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A service as closely watched as it can be: the sealed urn at MixSize 2, an OpenTelemetry collector it pushes traces
/// and metrics to (OTLP over HTTP), and every log category at Trace, the most an operator could turn on.
/// </summary>
public sealed class WatchedService : ServiceHost, IAsyncLifetime
{
    public const int MixSize = 2;

    public WatchedService() : base(TestDatabase.NewSchemaName(), mixSize: MixSize) { }

    public OtlpReceiver Collector { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OpenTelemetry:Otlp:Endpoint", Collector.Endpoint.ToString());
        builder.UseSetting("OpenTelemetry:Otlp:Protocol", "http/protobuf");
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        foreach (var category in new[] { "Microsoft", "Microsoft.AspNetCore", "Wolverine", "Marten", "JasperFx", "Npgsql" })
            builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs)); // not the console: Trace is a flood
    }

    /// <summary>Pushes what the tracer and meter providers hold to the collector now, rather than on their timers.</summary>
    public void FlushTelemetry()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Collector.Dispose();
    }
}

public sealed class when_someone_watches_a_jornada(WatchedService service) : IClassFixture<WatchedService>
{
    private readonly VotingApi _api = new(service);
    private readonly HttpClient _scraper = service.Client(ServiceHost.MetricsToken);

    [Fact]
    public async Task the_metrics_endpoint_answers_only_staff_and_the_metrics_credential()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());

        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync("/metrics"), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await service.Client("no-such-token").GetAsync("/metrics"), HttpStatusCode.Unauthorized, "unauthenticated");
        foreach (var other in new[] { _api.Portal, _api.Kiosk(kioskToken), _api.Auditor, _api.Committee })
            await VotingApi.ExpectProblem(await other.GetAsync("/metrics"), HttpStatusCode.Forbidden, "forbidden");

        foreach (var allowed in new[] { _scraper, _api.Staff })
        {
            var response = await allowed.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync());
        }

        // The metrics-only credential reads metrics and nothing else.
        await VotingApi.ExpectProblem(await _scraper.GetAsync("/api/jornadas/" + Guid.NewGuid() + "/tally"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task the_scrape_shows_ballots_answered_group_commits_the_sealed_urn_and_mixes()
    {
        // One at a time, so each is a group commit of its own: the urn reaches 2 × MixSize at the fourth and mixes.
        var voters = Enumerable.Range(0, 6).Select(_ => Voters.UniqueClave()).ToArray();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync(voters);
        var kiosk = _api.Kiosk(kioskToken);
        var jornada = id.ToString();

        for (var i = 0; i < 5; i++)
            await VotingApi.ReceiptOf(i % 2 == 0
                ? await VotingApi.VoteAsync(kiosk, id, voters[i], "A")
                : await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voters[i], codes[voters[i]], "B"));
        var key = Guid.NewGuid().ToString();
        var late = voters[5];
        await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, late, codes[late], idempotencyKey: key));
        Assert.Equal(HttpStatusCode.OK, (await VotingApi.VoteOnlineAsync(_api.Anonymous, id, late, codes[late], idempotencyKey: key)).StatusCode);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, voters[0]), HttpStatusCode.Conflict, "already_voted");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, voters[1], "Z"), HttpStatusCode.BadRequest, "unknown_option");

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        var scrape = Prometheus.Parse(await FreshScrapeAsync());

        Assert.Equal(3, scrape.Value("gobiernoabierto_ballots_accepted_total", ("jornada", jornada), ("channel", "kiosk")));
        Assert.Equal(3, scrape.Value("gobiernoabierto_ballots_accepted_total", ("jornada", jornada), ("channel", "online")));
        Assert.Equal(1, scrape.Value("gobiernoabierto_ballots_replayed_total", ("jornada", jornada), ("channel", "online")));
        Assert.True(scrape.Value("gobiernoabierto_ballots_refused_total", ("code", "already_voted"), ("channel", "kiosk")) >= 1);
        Assert.True(scrape.Value("gobiernoabierto_ballots_refused_total", ("code", "unknown_option"), ("channel", "kiosk")) >= 1);
        Assert.True(scrape.Value("gobiernoabierto_group_commit_size_count", ("outcome", "committed")) >= 6);
        Assert.True(scrape.Value("gobiernoabierto_group_commit_size_count", ("outcome", "nothing_written")) >= 1); // already_voted
        Assert.True(scrape.Value("gobiernoabierto_group_commit_duration_seconds_count", ("outcome", "committed")) >= 6);
        Assert.True(scrape.Value("gobiernoabierto_mixes_total", ("jornada", jornada), ("trigger", "urn_full")) >= 1);
        Assert.Equal(tally.InSealedUrn, scrape.Value("gobiernoabierto_sealed_urn_ballots", ("jornada", jornada)));
        Assert.True(tally.InSealedUrn >= WatchedService.MixSize);
        // The group commit's statements are prepared (ServiceSettings: Max Auto Prepare), not parsed and planned each
        // time: the service's pool, as Npgsql names it, has the setting. (Its prepared ratio is not asserted: Npgsql
        // prepares a statement on its fifth use on a connection, which a test this short may not reach.)
        Assert.Contains(scrape.Samples, s => s.Name.StartsWith("db_client_operation_npgsql_")
            && s.Labels.GetValueOrDefault("db_client_connection_pool_name") is { } pool && pool.Contains("Max Auto Prepare=64"));
        // Not asserted: ASP.NET Core's own metrics (http_server_request_duration_seconds by http_route). Its meters are
        // per host, and the SDK merges same-named meters process-wide, so in this process of many hosts their series end
        // whenever another host stops. The HTTP spans and their http.route are checked in the next test.

        await _api.CloseAsync(id);
        var afterClose = Prometheus.Parse(await FreshScrapeAsync());
        Assert.Equal(1, afterClose.Value("gobiernoabierto_mixes_total", ("jornada", jornada), ("trigger", "close")));
        Assert.DoesNotContain(afterClose.Samples, s => s.Name == "gobiernoabierto_sealed_urn_ballots" && s.Labels.GetValueOrDefault("jornada") == jornada);
    }

    [Fact]
    public async Task no_metric_label_span_attribute_or_log_carries_a_voter_identifier_key_receipt_or_choice()
    {
        var voter = Voters.UniqueClave();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync([voter]);
        var kiosk = _api.Kiosk(kioskToken);
        var key = Guid.NewGuid().ToString();
        var keys = service.Services.GetRequiredService<VoterKeys>();

        // Every span of the sources the service traces (its own, ASP.NET Core's, Npgsql's), as recorded, of every
        // host in this process. The test's own HttpClient spans (System.Net.Http) hold the URLs it asked for, so are not read.
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is VotingMetrics.MeterName or "Microsoft.AspNetCore" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // The voter types their identifier in lower case with hyphens; chooses B; retries; checks the receipt three ways.
        var typed = $"{voter[..6]}-{voter[6..]}".ToLowerInvariant();
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, typed, "B", idempotencyKey: key));
        Assert.Equal(HttpStatusCode.OK, (await VotingApi.VoteAsync(kiosk, id, typed, "B", idempotencyKey: key)).StatusCode);
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "A"), HttpStatusCode.Conflict, "already_voted");
        await VotingApi.Read<GobiernoAbierto.Voting.ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"));
        await VotingApi.Read<GobiernoAbierto.Voting.ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt.Replace("-", "").ToLowerInvariant()}"));
        Assert.Equal(HttpStatusCode.OK, (await _api.Anonymous.GetAsync($"/recibo.html?codigo={receipt}")).StatusCode);
        await _api.CloseAsync(id);
        await VotingApi.Read<GobiernoAbierto.Voting.ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"));
        var scrape = await FreshScrapeAsync();
        service.FlushTelemetry();

        var secrets = new[]
        {
            voter, typed, keys.VoterKey(id, voter), receipt, receipt.Replace("-", ""), key, keys.IdempotencyLookup(id, "kiosco-1", key), keys.IdempotencyLookup(id, null, key),
            kioskToken, codes[voter], codes[voter].Replace("-", ""),
        };
        void NoSecretIn(string what, string text)
        {
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{what} contains '{secret}': {text}");
        }

        // Spans: what the service recorded (the ballot POST, the receipt checks, the group commits and their SQL).
        var recorded = spans.ToArray();
        Assert.Contains(recorded, s => s.GetTagItem("http.route") as string == "/api/receipts/{receipt}");
        Assert.Contains(recorded, s => s.GetTagItem("http.route") as string == "/api/jornadas/{jornadaId}/ballots");
        Assert.Contains(recorded, s => s.Source.Name == VotingMetrics.MeterName && s.GetTagItem("gobiernoabierto.jornada") as string == id.ToString());
        Assert.Contains(recorded, s => s.Source.Name == "Npgsql" && (s.GetTagItem("db.statement") ?? s.GetTagItem("db.query.text")) is string sql && sql.Contains("participations"));
        foreach (var span in recorded)
        {
            var text = $"{span.Source.Name} {span.DisplayName} " + string.Join(' ', span.TagObjects.Select(t => $"{t.Key}={t.Value}")) +
                string.Join(' ', span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
            NoSecretIn("span", text);
            Assert.DoesNotContain(span.TagObjects, t => t.Value is "A" or "B"); // an option id as a whole attribute
            if (span.Source.Name == "Microsoft.AspNetCore")
                Assert.DoesNotContain(span.TagObjects, t => t.Key is "url.path" or "url.query" or "url.full");
        }

        // What left for the collector: OTLP protobuf, whose strings are plain UTF-8 inside.
        var pushed = service.Collector.Received;
        Assert.Contains(pushed, p => p.Path == "/v1/traces");
        Assert.Contains(pushed, p => p.Path == "/v1/metrics");
        var wire = string.Join('\n', pushed.Select(p => Encoding.Latin1.GetString(p.Body)));
        Assert.Contains("/api/receipts/{receipt}", wire);
        Assert.Contains("gobiernoabierto.ballots.accepted", wire);
        NoSecretIn("OTLP export", wire);

        // The Prometheus scrape: no secret, no option as a label value, and only the labels the service means to give.
        NoSecretIn("scrape", scrape);
        var samples = Prometheus.Parse(scrape).Samples;
        Assert.DoesNotContain(samples, s => s.Labels.Values.Any(v => v is "A" or "B"));
        var ownLabels = samples.Where(s => s.Name.StartsWith("gobiernoabierto_", StringComparison.Ordinal))
            .SelectMany(s => s.Labels.Keys).ToHashSet();
        Assert.Subset(new HashSet<string> { "jornada", "channel", "code", "outcome", "trigger", "policy", "shard", "le", "otel_scope_name", "otel_scope_version" }, ownLabels);

        // Logs, at Trace in every category.
        var logs = service.Logs.Messages;
        Assert.NotEmpty(logs);
        foreach (var message in logs) NoSecretIn("log", message);
    }

    [Fact]
    public async Task a_database_command_that_fails_is_logged_without_its_values()
    {
        // On a session inside an open transaction, as the group commit runs: Marten logs a failed command there at Error.
        var receipt = ReceiptCode.New();
        await using var connection = await service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var session = service.Services.GetRequiredService<Marten.IDocumentStore>()
            .LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));

        await Assert.ThrowsAnyAsync<Exception>(() => session.QueryAsync<int>("select 1 / 0 where ? <> ''", receipt));

        var failure = Assert.Single(service.Logs.Messages, m => m.Contains("Marten encountered an exception") && m.Contains("1 / 0"));
        Assert.StartsWith("Error", failure);
        Assert.DoesNotContain(receipt, failure);
    }

    [Fact]
    public async Task a_lost_race_is_not_an_error_in_martens_own_log()
    {
        // The loser of two requests inserting the same key gets 23505, which the service answers 409 and says once at
        // Information: Marten's own report of the statement must not fire an error alert (nor, in a failover, one per
        // request: IsDatabaseFailure decides that the same way).
        var table = $"race_{Guid.NewGuid():N}";
        await using var connection = await service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var create = new Npgsql.NpgsqlCommand($"create temp table {table} (id int primary key); insert into {table} values (1)", connection, transaction))
            await create.ExecuteNonQueryAsync();
        await using var session = service.Services.GetRequiredService<Marten.IDocumentStore>()
            .LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));

        await Assert.ThrowsAnyAsync<Exception>(() => session.QueryAsync<int>($"with t as (insert into {table} values (1) returning id) select id from t"));

        var failure = Assert.Single(service.Logs.Messages, m => m.Contains("Marten encountered an exception") && m.Contains(table));
        Assert.StartsWith("Debug", failure);
    }

    [Fact]
    public async Task a_lost_race_on_a_streams_version_is_not_an_error_in_martens_own_log_either()
    {
        // Two commands on one stream at once: Marten's version check raises MT003 in the loser's append (and its
        // snapshot's upsert), answered 409 and said once at Information; Marten reported it as errors with their stacks
        // (216 lines in an outside tester's sweep of double clicks). Raised here as Marten's function raises it.
        var function = $"mt003_{Guid.NewGuid():N}";
        await using var connection = await service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var create = new Npgsql.NpgsqlCommand($"create function pg_temp.{function}() returns int language plpgsql as $$ begin " +
            "raise exception 'Stream version mismatch on ''x'': expected 0, actual 1' using errcode = 'MT003'; end $$", connection, transaction))
            await create.ExecuteNonQueryAsync();
        await using var session = service.Services.GetRequiredService<Marten.IDocumentStore>()
            .LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));

        await Assert.ThrowsAnyAsync<Exception>(() => session.QueryAsync<int>($"select pg_temp.{function}()"));

        var failure = Assert.Single(service.Logs.Messages, m => m.Contains("Marten encountered an exception") && m.Contains(function));
        Assert.StartsWith("Debug", failure);
    }

    /// <summary>The exporter answers scrapes within 300 ms of the last one from its cache: wait that out.</summary>
    private async Task<string> FreshScrapeAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await _scraper.GetStringAsync("/metrics");
    }
}

/// <summary>The Prometheus text format, read just enough to find a sample by name and labels.</summary>
public sealed partial record Prometheus(IReadOnlyList<Prometheus.Sample> Samples)
{
    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    public static Prometheus Parse(string text) => new(text.Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => SampleLine().Match(line))
        .Where(m => m.Success)
        .Select(m => new Sample(m.Groups["name"].Value,
            LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => Regex.Unescape(l.Groups[2].Value)),
            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
        .ToList());

    /// <summary>The sum of the samples of this name whose labels include these (0 when none).</summary>
    public double Value(string name, params (string Key, string Value)[] labels) => Samples
        .Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
        .Sum(s => s.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
