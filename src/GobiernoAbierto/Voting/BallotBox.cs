using System.Diagnostics;
using System.Threading.Channels;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GobiernoAbierto.Voting;

public sealed class GroupCommitOptions
{
    /// <summary>
    /// How long the first ballot waits for company when no commit of its Jornada is in flight: longer means fewer, larger
    /// commits and a slower answer. Secrecy does not depend on it (the sealed urn's MixSize does), only throughput and
    /// latency (README, Benchmarks). While a commit is in flight the next one's wait for the Jornada's lock is the window.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A commit takes at most this many ballots; the rest wait for the next.</summary>
    public int MaxBallots { get; set; } = 500;

    /// <summary>
    /// Commits of one Jornada in flight at once on this instance. With 2, the next commit waits for the Jornada's lock
    /// while the previous one commits, and takes every ballot that arrived meanwhile once it holds it; 1 starts the next
    /// commit only after the previous one ends. More than 2 adds nothing: one commit at a time waits for the lock.
    /// </summary>
    public int InFlight { get; set; } = 2;

    /// <summary>
    /// Ballots the instance holds at most for its Jornadas' next commits; beyond it the box takes no more until a commit
    /// takes some on board, and as many again wait in the queue in front of it, then requests wait for room. A bound on
    /// memory while PostgreSQL is slow or a Jornada's lock is held, not a limit anyone reaches while commits flow.
    /// </summary>
    public int Capacity { get; set; } = 50_000;
}

/// <summary>
/// The ballot box: collects checked ballots and writes each Jornada's share in one transaction (GroupCommit). A voter's
/// answer comes only after the commit, so an acknowledged ballot is durable; a failed commit writes nothing. While one
/// commit holds the Jornada's lock the next one is already waiting for it (InFlight), and it takes its ballots only once
/// it holds the lock: every ballot that arrived until then boards it, so a busy Jornada's commits grow with the wait
/// instead of queueing behind one another. It decides on what the previous one committed, since it reads only then.
/// </summary>
public sealed class BallotBox(
    GroupCommit groupCommit,
    IOptions<GroupCommitOptions> options,
    TimeProvider clock,
    ILogger<BallotBox> logger) : BackgroundService
{
    /// <param name="Arrived">When the ballot joined the queue (TimeProvider timestamp): its wait for company counts from then.</param>
    private sealed record Submission(PendingBallot Ballot, TaskCompletionSource<BallotOutcome> Done, long Arrived);

    /// <summary>
    /// One Jornada's ballots waiting for a commit, its commits in flight and the sizes of its last commits. Guarded by
    /// the box's gate; kept for the instance's life (a few hundred bytes per Jornada it has seen).
    /// </summary>
    private sealed class Lane(Guid jornadaId)
    {
        public Guid JornadaId { get; } = jornadaId;
        public List<Submission> Waiting { get; } = [];
        public int InFlight { get; set; }

        /// <summary>A commit of this lane was started and does not hold the lock yet: whoever arrives boards it.</summary>
        public bool Boarding { get; set; }

        public bool WindowTimer { get; set; }
        public Queue<int> RecentSizes { get; } = new();
    }

    private Func<IEnumerable<(Guid JornadaId, int Ballots)>>? _holds;

    private readonly int _capacity = options.Value.Capacity >= 1 ? options.Value.Capacity
        : throw new ArgumentOutOfRangeException(nameof(options), "Voting:GroupCommit:Capacity is 1 or more.");

    private readonly Channel<Submission> _queue = Channel.CreateBounded<Submission>(
        new BoundedChannelOptions(Math.Max(1, options.Value.Capacity)) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Lane> _lanes = [];
    private int _waiting;
    private TaskCompletionSource? _room;
    private int _running;
    private TaskCompletionSource? _drained;
    private bool _stopping;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        VotingMetrics.BallotBoxStarted(_holds = Holds);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_holds is not null) VotingMetrics.BallotBoxStopped(_holds);
    }

    /// <summary>What the box holds per Jornada, for the gobiernoabierto.ballot_box.waiting gauge (read when it is collected).</summary>
    private IEnumerable<(Guid JornadaId, int Ballots)> Holds()
    {
        lock (_gate) return _lanes.Values.Where(l => l.Waiting.Count > 0).Select(l => (l.JornadaId, l.Waiting.Count)).ToList();
    }

    public async Task<BallotOutcome> SubmitAsync(PendingBallot ballot, CancellationToken cancellation)
    {
        var done = new TaskCompletionSource<BallotOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Submission(ballot, done, clock.GetTimestamp()), cancellation);
        }
        catch (ChannelClosedException e)
        {
            throw new BallotBoxUnavailableException(e); // the service is stopping; the ballot was not taken
        }
        // Not cancelled with the request: once queued the ballot may be counted, and the caller retries for its receipt.
        return await done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        await foreach (var submission in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            Task? full = null;
            lock (_gate)
            {
                if (!_lanes.TryGetValue(submission.Ballot.JornadaId, out var lane))
                    _lanes[submission.Ballot.JornadaId] = lane = new Lane(submission.Ballot.JornadaId);
                lane.Waiting.Add(submission);
                _waiting++;
                StartCommits(lane);
                // Full: stop reading, so the queue fills and submissions wait, until a commit takes ballots on board.
                if (_waiting >= _capacity) full = (_room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            if (full is not null) await full;
        }

        // Stopping: whatever waits goes now, without waiting out a window, and every commit ends before the box does.
        while (true)
        {
            Task drained;
            lock (_gate)
            {
                _stopping = true;
                foreach (var lane in _lanes.Values) StartCommits(lane);
                if (_running == 0) break;
                drained = (_drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await drained;
        }
    }

    /// <summary>Starts the lane's next commit when one is due. Called under the gate.</summary>
    private void StartCommits(Lane lane)
    {
        if (lane.Waiting.Count == 0 || lane.Boarding || lane.InFlight >= Math.Max(1, options.Value.InFlight)) return;
        if (lane.InFlight == 0 && !_stopping)
        {
            // Nothing in flight: the first ballot waits for company, but not once as many are here as the fullest of the
            // last commits held (when everyone voting is already here, the rest of the window would only add latency).
            // The window runs from the first ballot's arrival: ballots that queued up during a commit go at once.
            var enough = Math.Min(lane.RecentSizes.Count == 0 ? int.MaxValue : lane.RecentSizes.Max(), Math.Max(1, options.Value.MaxBallots));
            var remaining = options.Value.MaxWait - clock.GetElapsedTime(lane.Waiting[0].Arrived);
            if (lane.Waiting.Count < enough && remaining > TimeSpan.Zero)
            {
                if (!lane.WindowTimer)
                {
                    lane.WindowTimer = true;
                    // Whole milliseconds, rounded up: a timer that fired before the window's end would only be set again.
                    var wait = TimeSpan.FromMilliseconds(Math.Min(Math.Ceiling(remaining.TotalMilliseconds), int.MaxValue - 1));
                    _ = Task.Delay(wait).ContinueWith(_ =>
                    {
                        lock (_gate)
                        {
                            lane.WindowTimer = false;
                            StartCommits(lane);
                        }
                    }, TaskScheduler.Default);
                }
                return;
            }
        }
        lane.InFlight++;
        lane.Boarding = true;
        _running++;
        _ = Task.Run(() => CommitAsync(lane));
    }

    /// <summary>The commit holds the Jornada's lock: it takes the ballots waiting (up to MaxBallots), the next one starts.</summary>
    private List<Submission> Board(Lane lane)
    {
        lock (_gate)
        {
            lane.Boarding = false;
            var count = Math.Min(lane.Waiting.Count, Math.Max(1, options.Value.MaxBallots));
            var boarded = lane.Waiting.GetRange(0, count);
            lane.Waiting.RemoveRange(0, count);
            _waiting -= count;
            if (_waiting < _capacity) _room?.TrySetResult();
            lane.RecentSizes.Enqueue(count);
            if (lane.RecentSizes.Count > 8) lane.RecentSizes.Dequeue();
            StartCommits(lane);
            return boarded;
        }
    }

    private async Task CommitAsync(Lane lane)
    {
        List<Submission>? boarded = null;
        try
        {
            var outcomes = await groupCommit.WriteAsync(lane.JornadaId, () => (boarded = Board(lane)).Select(s => s.Ballot).ToList());
            for (var i = 0; i < boarded!.Count; i++) boarded[i].Done.TrySetResult(outcomes[i]);
        }
        catch (Exception e)
        {
            // Failed before it held the lock (PostgreSQL down): the ballots waiting to board it are refused with it.
            boarded ??= Board(lane);
            // A database outage (a failover, a restart): the ballots are answered 503, the kiosks retry with their
            // Idempotency-Key, and the outage log counts the refusals (a line per failed commit would flood the log while
            // it lasts). Anything else is a fault of ours, an error with its stack.
            if (Hosting.ProblemExceptionHandler.IsDatabaseFailure(e))
                logger.LogDebug("Group commit of {Count} ballots for Jornada {JornadaId} failed, PostgreSQL does not answer ({Reason}); " +
                    "{Outcome}", boarded.Count, lane.JornadaId, Hosting.DatabaseOutageLog.Describe(e),
                    e is CommitOutcomeUnknownException ? "its COMMIT was sent, so it may have been written" : "nothing was written");
            else logger.LogError(e, "Group commit of {Count} ballots for Jornada {JornadaId} failed; nothing was written",
                boarded.Count, lane.JornadaId);
            foreach (var s in boarded) s.Done.TrySetException(new BallotBoxUnavailableException(e));
        }
        finally
        {
            lock (_gate)
            {
                lane.InFlight--;
                _running--;
                StartCommits(lane);
                if (_running == 0) _drained?.TrySetResult();
            }
        }
    }
}

/// <summary>
/// One group commit: lock the Jornada's stream row (serialises every writer on every instance), take the ballots
/// waiting for it (BallotBox), read who already took part and what the sealed urn holds, decide (BallotBatch), insert participations and sealed ballots, append
/// the mixed ballots, commit. A failure rolls everything back. Under the lock: the lock and the Jornada, the reads (one
/// round trip), then Marten's SaveChanges, which sends the voting-table writes with the events and the Jornada's
/// snapshot (the live tally is a view of it), then the commit.
/// </summary>
public sealed class GroupCommit(IDocumentStore store, NpgsqlDataSource dataSource, VotingTables tables, SealedUrn urn, ParticipationNotes notes,
    JornadaViews views, IeeqPresence ieeq, TimeProvider clock)
{
    /// <summary>
    /// Decides and writes one Jornada's share of a group commit in one transaction. board gives the ballots once the
    /// commit holds the Jornada's lock (its outcomes come back in that order); the commit's instant is that moment, or
    /// at for a ballot of the past (the sample's Jornada).
    /// </summary>
    /// <remarks>
    /// Measured here, around the pure decision and never inside it: size, duration and outcome of the commit, the urn
    /// it leaves, the mix it made. The span carries counts and the Jornada id only; the commit's database spans are its children.
    /// </remarks>
    public async Task<IReadOnlyList<BallotOutcome>> WriteAsync(Guid jornadaId, Func<IReadOnlyList<PendingBallot>> board, DateTimeOffset? at = null)
    {
        using var span = VotingMetrics.Traces.StartActivity("group commit");
        span?.SetTag("gobiernoabierto.jornada", jornadaId.ToString());
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<PendingBallot> pending = [];
        try
        {
            var (outcomes, committed) = await DecideAndWriteAsync(jornadaId, () =>
            {
                pending = board();
                span?.SetTag("gobiernoabierto.group_commit.size", pending.Count);
                return pending;
            }, at, span);
            VotingMetrics.GroupCommit(pending.Count, Stopwatch.GetElapsedTime(started), committed ? "committed" : "nothing_written");
            return outcomes;
        }
        catch (Exception e)
        {
            VotingMetrics.GroupCommit(pending.Count, Stopwatch.GetElapsedTime(started), "failed");
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name); // the type only: a message could quote data
            throw;
        }
    }

    private async Task<(IReadOnlyList<BallotOutcome> Outcomes, bool Committed)> DecideAndWriteAsync(
        Guid jornadaId, Func<IReadOnlyList<PendingBallot>> board, DateTimeOffset? at, Activity? span)
    {
        // Asked before the lock (it may read the database, at most every 2 s): holding the lock adds nothing to it.
        var ieeqAuthorizesKiosks = await ieeq.IsPresentAsync(CancellationToken.None);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));

        var stream = await session.Events.FetchForExclusiveWriting<Jornada>(jornadaId);
        var pending = board();
        var now = at ?? clock.GetUtcNow();
        if (pending.Count == 0) return ([], false);
        if (stream.Aggregate is not { } jornada)
            return (pending.Select(_ => (BallotOutcome)new BallotOutcome.Refused(Jornada.NotFound)).ToList(), false);
        views.Saw(jornada); // the newest state there is, read under the lock: the request path's view catches up

        var read = await tables.ReadForCommitAsync(connection, jornadaId,
            pending.Select(p => p.VoterKey).Distinct().ToArray(),
            jornada.HasVoterRoll,
            pending.Where(p => p.IdempotencyLookup is not null).Select(p => p.IdempotencyLookup!).Distinct().ToArray(),
            pending.Where(p => p.Channel == BallotChannel.Online).Select(p => p.VoterKey).Distinct().ToArray());
        var inUrn = urn.OpenAll(jornadaId, read.Urn);
        var credentials = read.Credentials.ToDictionary(c => c.Key, c => new StoredCredential(c.Value.Verifier, c.Value.RevokedVerifiers));

        var (outcomes, write) = BallotBatch.Decide(jornada, now, pending, read.Voted, read.Roll, read.Replays, ieeqAuthorizesKiosks,
            inUrn, urn.MixSize, credentials);
        span?.SetTag("gobiernoabierto.group_commit.accepted", write.Participations.Count);
        // A commit that accepts nothing still writes a mix that is due (the urn over 2 × MixSize, e.g. MixSize lowered).
        if (write.Participations.Count == 0 && write.Ballots.Count == 0)
        {
            // A commit that waited for the lock while the Jornada closed refuses everything: no urn series again after the close.
            if (jornada.Status is JornadaStatus.Preparing or JornadaStatus.Open) VotingMetrics.UrnHolds(jornadaId, inUrn.Count);
            await transaction.RollbackAsync();
            return (outcomes, false);
        }
        tables.QueueCommit(session, jornadaId, new VotingTables.CommitRows(
            write.Participations.Select(p => (p.VoterKey, p.ColoniaId)).ToList(),
            notes.SealAll(jornadaId, write.Notes.Select(n => (n.VoterKey, n.Channel, n.Day))).OrderBy(n => n.CheckKey, StringComparer.Ordinal).ToList(),
            write.IdempotencyRecords.Select(r => (r.Lookup, r.SealedReceipt)).ToList(),
            urn.After(jornadaId, read.Urn, write.Sealed, write.Unsealed)));
        // Whatever leaves the urn (write.Unsealed, not in the urn written above) enters the chain in the same transaction.
        if (write.Ballots.Count > 0) stream.AppendMany(write.Ballots);
        if (write.Turnout is not null) stream.AppendOne(write.Turnout);
        await session.SaveChangesAsync();
        try
        {
            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is not PostgresException)
        {
            // The COMMIT was sent and no answer came (the connection lost: a network cut, a failover): PostgreSQL may
            // have committed it. A PostgresException is PostgreSQL's own answer, and then nothing was written.
            throw new CommitOutcomeUnknownException(e);
        }

        VotingMetrics.UrnHolds(jornadaId, inUrn.Count + write.Sealed.Count - write.Unsealed.Count);
        if (urn.MixSize > 0 && write.Ballots.Count > 0) VotingMetrics.Mixed(jornadaId, "urn_full");
        span?.SetTag("gobiernoabierto.group_commit.mixed", write.Ballots.Count);
        return (outcomes, true);
    }
}

/// <summary>The group commit failed (database down, lock timeout); nothing of it was written.</summary>
public sealed class BallotBoxUnavailableException(Exception inner)
    : Exception("The ballot box could not commit; nothing was written.", inner);

/// <summary>
/// The group commit's COMMIT was sent and its answer never came: the transaction may or may not be committed. Its
/// ballots are answered 503 without the promise that nothing was recorded; a retry under the same Idempotency-Key
/// gets the receipt of a ballot that was committed, or counts it now.
/// </summary>
public sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The group commit's COMMIT got no answer; it may have been written.", inner);
