using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// The service's own metrics and spans (README, "Observabilidad / metrics"): ballots answered, group commits, the
/// sealed urn, mixes, rate-limiter rejections, how the async projections keep up, and the oldest snapshot in the database.
/// Secrecy rule for every label and span attribute here: only a Jornada id, a channel ("kiosk"/"online"), a rejection
/// code, an outcome or trigger word, a rate-limit policy name, a projection's shard name, and counts. Never a voter
/// identifier, voter key, receipt, idempotency key, kiosk credential or option: the callers pass nothing else, so
/// nothing else can leak.
/// One process-wide Meter, never disposed, as .NET's own libraries have: the OpenTelemetry SDK subscribes to meters by
/// name, so per-host meters of one name (IMeterFactory) would be merged into one stream, and disposing one host
/// would end that stream for the others (the test process runs many hosts).
/// </summary>
public static class VotingMetrics
{
    public const string MeterName = "GobiernoAbierto";

    /// <summary>The service's spans: one per group commit, parent of that commit's database spans.</summary>
    public static readonly ActivitySource Traces = new(MeterName);

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> AcceptedBallots = Meter.CreateCounter<long>("gobiernoabierto.ballots.accepted", "{ballot}",
        "New ballots accepted (answered 201 with a receipt), by Jornada and channel.");

    private static readonly Counter<long> ReplayedBallots = Meter.CreateCounter<long>("gobiernoabierto.ballots.replayed", "{ballot}",
        "Retries answered with the receipt of a ballot already accepted (Idempotency-Key); no second ballot.");

    private static readonly Counter<long> RefusedBallots = Meter.CreateCounter<long>("gobiernoabierto.ballots.refused", "{ballot}",
        "Ballots refused by the ballot endpoint, by rejection code and channel.");

    private static readonly Histogram<int> CommitSize = Meter.CreateHistogram("gobiernoabierto.group_commit.size", "{ballot}",
        "Ballots decided in one group commit of one Jornada.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000] });

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram("gobiernoabierto.group_commit.duration", "s",
        "One group commit: Jornada lock, reads, decision, writes and commit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> Mixes = Meter.CreateCounter<long>("gobiernoabierto.mixes", "{mix}",
        "Mixes out of the sealed urn into the chain, by Jornada and trigger (urn_full or close).");

    private static readonly Counter<long> RateLimitedRequests = Meter.CreateCounter<long>("gobiernoabierto.rate_limited", "{request}",
        "Requests refused by a rate limiter, by policy.");

    private static readonly Counter<long> ConsoleSignIns = Meter.CreateCounter<long>("gobiernoabierto.console.sign_ins", "{attempt}",
        "Sign-in attempts at the consoles, by outcome: signed_in, refused (wrong or unknown user, password or code), locked, disabled, throttled (the address's failures for the minute).");

    private static readonly Counter<long> ConsoleLockouts = Meter.CreateCounter<long>("gobiernoabierto.console.lockouts", "{lockout}",
        "Console accounts locked by failed sign-ins, by where they came from: new_devices (five in a row from browsers the person never signed in from, at one address: locks that address only), new_devices_every_address (25 in a quarter hour from such browsers at any address: locks every browser the person never used) or known_device (five in a row on one of hers).");

    // What each Jornada's urn held after this instance's last group commit on it (another instance's commits show
    // here at this instance's next one). A closed Jornada's entry is removed, so its series ends.
    private static readonly ConcurrentDictionary<Guid, int> InUrn = new();

    // The running ballot boxes (one per instance; a test process hosts several), each able to say what it holds per
    // Jornada. Read when the gauge is collected, under each box's own lock: nothing on the ballot's path.
    private static readonly ConcurrentDictionary<Func<IEnumerable<(Guid JornadaId, int Ballots)>>, byte> BallotBoxes = new();

    private static readonly Counter<long> ProjectionRestarts = Meter.CreateCounter<long>("gobiernoabierto.projection.restarts", "{restart}",
        "Async projections started again after the daemon stopped them because another writer had moved their progression on.");

    // How far behind the event store each async projection this instance runs is (AsyncProjectionWatch, every few
    // seconds); replaced as a whole, so a projection another instance took over has no series here.
    private static volatile IReadOnlyDictionary<string, long> ProjectionsBehind = new Dictionary<string, long>();

    // Seconds since the oldest snapshot still held in the database was taken (VacuumHorizonKeeper, every few seconds);
    // NaN, and no series, until it has looked once (an instance whose daemon is not HotCold never does).
    private static double OldestSnapshotSeconds = double.NaN;

    static VotingMetrics()
    {
        Meter.CreateObservableGauge("gobiernoabierto.sealed_urn.ballots",
            () => InUrn.Select(j => new Measurement<int>(j.Value, new KeyValuePair<string, object?>("jornada", j.Key.ToString()))),
            "{ballot}", "Ballots waiting in the sealed urn of each open Jornada, as this instance last saw it.");
        Meter.CreateObservableGauge("gobiernoabierto.ballot_box.waiting",
            () => BallotBoxes.Keys.SelectMany(box => box()).GroupBy(j => j.JornadaId)
                .Select(j => new Measurement<int>(j.Sum(x => x.Ballots), new KeyValuePair<string, object?>("jornada", j.Key.ToString()))),
            "{ballot}", "Ballots this instance holds for each Jornada's next group commits: received, not yet on board a commit (no series while none).");
        Meter.CreateObservableGauge("gobiernoabierto.projection.events_behind",
            () => ProjectionsBehind.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("shard", p.Key))),
            "{event}", "Events an async projection run by this instance has still to apply (the daemon's high-water mark minus its position).");
        Meter.CreateObservableGauge("gobiernoabierto.database.oldest_snapshot",
            () => double.IsNaN(OldestSnapshotSeconds) ? Array.Empty<Measurement<double>>() : [new Measurement<double>(OldestSnapshotSeconds)],
            "s", "Age of the oldest snapshot held in the database: row versions younger than it cannot be vacuumed away.");
    }

    public static void Accepted(Guid jornadaId, string channel) =>
        AcceptedBallots.Add(1, new("jornada", jornadaId.ToString()), new("channel", channel));

    public static void Replayed(Guid jornadaId, string channel) =>
        ReplayedBallots.Add(1, new("jornada", jornadaId.ToString()), new("channel", channel));

    /// <param name="code">The rejection's stable code (already_voted, outside_voting_window…): a fixed set, never input.</param>
    public static void Refused(string code, string channel) =>
        RefusedBallots.Add(1, new("code", code), new("channel", channel));

    /// <param name="outcome">committed, nothing_written (every ballot refused, or a retry) or failed.</param>
    public static void GroupCommit(int ballots, TimeSpan duration, string outcome)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        CommitSize.Record(ballots, tag);
        CommitDuration.Record(duration.TotalSeconds, tag);
    }

    public static void UrnHolds(Guid jornadaId, int ballots) => InUrn[jornadaId] = ballots;

    public static void UrnClosed(Guid jornadaId) => InUrn.TryRemove(jornadaId, out _);

    /// <param name="holds">Ballots the box holds per Jornada, only Jornadas with some (no series while it holds none).</param>
    public static void BallotBoxStarted(Func<IEnumerable<(Guid JornadaId, int Ballots)>> holds) => BallotBoxes.TryAdd(holds, 0);

    public static void BallotBoxStopped(Func<IEnumerable<(Guid JornadaId, int Ballots)>> holds) => BallotBoxes.TryRemove(holds, out _);

    /// <param name="trigger">urn_full (the urn reached twice MixSize in a group commit) or close.</param>
    public static void Mixed(Guid jornadaId, string trigger) =>
        Mixes.Add(1, new("jornada", jornadaId.ToString()), new("trigger", trigger));

    /// <summary>
    /// For the rate limiter, e.g. from <c>RateLimiterOptions.OnRejected</c>: <c>VotingMetrics.RateLimited("ballots")</c>.
    /// The policy is the limiter's own name, never a partition key (a client address or credential).
    /// </summary>
    public static void RateLimited(string policy) => RateLimitedRequests.Add(1, new KeyValuePair<string, object?>("policy", policy));

    /// <summary>A sign-in attempt at the consoles (SignInPage); never the user name.</summary>
    public static void ConsoleSignIn(string outcome) => ConsoleSignIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="devices">known_device, new_devices (at one address) or new_devices_every_address (the ceiling).</param>
    public static void ConsoleLockout(string devices) =>
        ConsoleLockouts.Add(1, new KeyValuePair<string, object?>("device", devices));

    /// <param name="shard">The projection's shard name (AuditLog:All, TurnoutTimeline:All): a fixed set, never input.</param>
    public static void ProjectionRestarted(string shard) => ProjectionRestarts.Add(1, new KeyValuePair<string, object?>("shard", shard));

    public static void ProjectionsAre(IReadOnlyDictionary<string, long> behind) => ProjectionsBehind = behind;

    public static void OldestSnapshotIs(double seconds) => OldestSnapshotSeconds = seconds;
}
