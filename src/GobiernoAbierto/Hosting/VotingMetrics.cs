using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// The service's own metrics and spans (README, "Observabilidad / metrics"): ballots answered, group commits, the
/// sealed urn, mixes, rate-limiter rejections.
/// Secrecy rule for every label and span attribute here: only a Jornada id, a channel ("kiosk"/"online"), a rejection
/// code, an outcome or trigger word, a rate-limit policy name, and counts. Never a voter identifier, voter key,
/// receipt, idempotency key, kiosk credential or option: the callers pass nothing else, so nothing else can leak.
/// </summary>
public sealed class VotingMetrics
{
    public const string MeterName = "GobiernoAbierto";

    /// <summary>The service's spans: one per group commit, parent of that commit's database spans.</summary>
    public static readonly ActivitySource Traces = new(MeterName);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _refused;
    private readonly Histogram<int> _commitSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _mixes;
    private readonly Counter<long> _rateLimited;

    // What each Jornada's urn held after this instance's last group commit on it (another instance's commits show
    // here at this instance's next one). A closed Jornada's entry is removed, so its series ends.
    private readonly ConcurrentDictionary<Guid, int> _inUrn = new();

    public VotingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("gobiernoabierto.ballots.accepted", "{ballot}",
            "New ballots accepted (answered 201 with a receipt), by Jornada and channel.");
        _replayed = meter.CreateCounter<long>("gobiernoabierto.ballots.replayed", "{ballot}",
            "Retries answered with the receipt of a ballot already accepted (Idempotency-Key); no second ballot.");
        _refused = meter.CreateCounter<long>("gobiernoabierto.ballots.refused", "{ballot}",
            "Ballots refused by the ballot endpoint, by rejection code and channel.");
        _commitSize = meter.CreateHistogram("gobiernoabierto.group_commit.size", "{ballot}",
            "Ballots decided in one group commit of one Jornada.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000] });
        _commitDuration = meter.CreateHistogram("gobiernoabierto.group_commit.duration", "s",
            "One group commit: Jornada lock, reads, decision, writes and commit.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            });
        _mixes = meter.CreateCounter<long>("gobiernoabierto.mixes", "{mix}",
            "Mixes out of the sealed urn into the chain, by Jornada and trigger (urn_full or close).");
        _rateLimited = meter.CreateCounter<long>("gobiernoabierto.rate_limited", "{request}",
            "Requests refused by a rate limiter, by policy.");
        meter.CreateObservableGauge("gobiernoabierto.sealed_urn.ballots", ObserveUrn, "{ballot}",
            "Ballots waiting in the sealed urn of each open Jornada, as this instance last saw it.");
    }

    public void Accepted(Guid jornadaId, string channel) =>
        _accepted.Add(1, new("jornada", jornadaId.ToString()), new("channel", channel));

    public void Replayed(Guid jornadaId, string channel) =>
        _replayed.Add(1, new("jornada", jornadaId.ToString()), new("channel", channel));

    /// <param name="code">The rejection's stable code (already_voted, outside_voting_window…): a fixed set, never input.</param>
    public void Refused(string code, string channel) =>
        _refused.Add(1, new("code", code), new("channel", channel));

    /// <param name="outcome">committed, nothing_written (every ballot refused) or failed.</param>
    public void GroupCommit(int ballots, TimeSpan duration, string outcome)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _commitSize.Record(ballots, tag);
        _commitDuration.Record(duration.TotalSeconds, tag);
    }

    public void UrnHolds(Guid jornadaId, int ballots) => _inUrn[jornadaId] = ballots;

    public void UrnClosed(Guid jornadaId) => _inUrn.TryRemove(jornadaId, out _);

    /// <param name="trigger">urn_full (the urn reached twice MixSize in a group commit) or close.</param>
    public void Mixed(Guid jornadaId, string trigger) =>
        _mixes.Add(1, new("jornada", jornadaId.ToString()), new("trigger", trigger));

    /// <summary>
    /// For the rate limiter, e.g. from <c>RateLimiterOptions.OnRejected</c>:
    /// <c>context.HttpContext.RequestServices.GetRequiredService&lt;VotingMetrics&gt;().RateLimited("ballots")</c>.
    /// The policy is the limiter's own name, never a partition key (a client address or credential).
    /// </summary>
    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));

    private IEnumerable<Measurement<int>> ObserveUrn() =>
        _inUrn.Select(j => new Measurement<int>(j.Value, new KeyValuePair<string, object?>("jornada", j.Key.ToString())));
}
