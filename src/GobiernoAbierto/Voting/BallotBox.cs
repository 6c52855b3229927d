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
    /// How long the first ballot of a commit waits for company: longer means fewer, larger commits and a slower answer.
    /// Secrecy does not depend on it (the sealed urn's MixSize does), only throughput and latency (README, Benchmarks).
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A commit closes early when it holds this many ballots.</summary>
    public int MaxBallots { get; set; } = 500;

    /// <summary>
    /// Commits of this instance in flight at once. With 2, the next batch is gathered, and waits for the Jornada's lock
    /// with its reads queued behind it, while the previous one commits; 1 gathers the next batch only after the commit.
    /// </summary>
    public int InFlight { get; set; } = 2;
}

/// <summary>
/// The ballot box: collects checked ballots for a short window and writes each Jornada's share in one transaction
/// (GroupCommit). A voter's answer comes only after the commit, so an acknowledged ballot is durable; a failed commit
/// writes nothing. While one commit is in flight the next batch is gathered and started (InFlight): the two take turns
/// on the Jornada's lock, and the second decides on what the first committed, since it reads only once it holds the lock.
/// </summary>
public sealed class BallotBox(
    GroupCommit groupCommit,
    IOptions<GroupCommitOptions> options,
    TimeProvider clock,
    ILogger<BallotBox> logger) : BackgroundService
{
    /// <param name="Arrived">When the ballot joined the queue (TimeProvider timestamp): its wait for company counts from then.</param>
    private sealed record Submission(PendingBallot Ballot, TaskCompletionSource<BallotOutcome> Done, long Arrived);

    private readonly Channel<Submission> _queue = Channel.CreateBounded<Submission>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

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
        var reader = _queue.Reader;
        var inFlight = new Queue<Task>();
        var recentSizes = new Queue<int>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = new List<Submission>();
            var enough = recentSizes.Count == 0 ? int.MaxValue : recentSizes.Max();
            while (batch.Count < options.Value.MaxBallots)
            {
                if (reader.TryRead(out var next)) { batch.Add(next); continue; }
                if (batch.Count == 0) break;
                // As many as the fullest of the last commits: when everyone waiting is already here, the rest of the
                // window would only add latency.
                if (batch.Count >= enough) break;
                // The window runs from the first ballot's arrival, not from when the previous commit let go: ballots that
                // queued up during that commit have waited long enough, and go at once.
                var remaining = options.Value.MaxWait - clock.GetElapsedTime(batch[0].Arrived);
                if (remaining <= TimeSpan.Zero) break;
                using var wait = new CancellationTokenSource(remaining);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token)) break;
                }
                catch (OperationCanceledException) { break; }
            }

            recentSizes.Enqueue(batch.Count);
            if (recentSizes.Count > 8) recentSizes.Dequeue();
            inFlight.Enqueue(CommitAllAsync(batch));
            while (inFlight.Count >= Math.Max(1, options.Value.InFlight)) await inFlight.Dequeue();
        }
        while (inFlight.Count > 0) await inFlight.Dequeue();
    }

    private async Task CommitAllAsync(List<Submission> batch)
    {
        foreach (var jornada in batch.GroupBy(s => s.Ballot.JornadaId))
            await CommitAsync(jornada.Key, jornada.ToList());
    }

    private async Task CommitAsync(Guid jornadaId, IReadOnlyList<Submission> submissions)
    {
        try
        {
            var outcomes = await groupCommit.WriteAsync(jornadaId, submissions.Select(s => s.Ballot).ToList(), clock.GetUtcNow());
            for (var i = 0; i < submissions.Count; i++) submissions[i].Done.TrySetResult(outcomes[i]);
        }
        catch (Exception e)
        {
            // A database outage (a failover, a restart): the ballots are answered 503, the kiosks retry with their
            // Idempotency-Key, and the outage log counts the refusals (a line per failed commit would flood the log while
            // it lasts). Anything else is a fault of ours, an error with its stack.
            if (Hosting.ProblemExceptionHandler.IsDatabaseFailure(e))
                logger.LogDebug("Group commit of {Count} ballots for Jornada {JornadaId} failed, PostgreSQL does not answer ({Reason}); " +
                    "nothing was written", submissions.Count, jornadaId, Hosting.DatabaseOutageLog.Describe(e));
            else logger.LogError(e, "Group commit of {Count} ballots for Jornada {JornadaId} failed; nothing was written",
                submissions.Count, jornadaId);
            foreach (var s in submissions) s.Done.TrySetException(new BallotBoxUnavailableException(e));
        }
    }
}

/// <summary>
/// One group commit: lock the Jornada's stream row (serialises every writer on every instance), read who already
/// took part and what the sealed urn holds, decide (BallotBatch), insert participations and sealed ballots, append
/// the mixed ballots, commit. A failure rolls everything back. Under the lock: the lock and the Jornada, the reads (one
/// round trip), then Marten's SaveChanges, which sends the voting-table writes with the events and the Jornada's
/// snapshot (the live tally is a view of it), then the commit.
/// </summary>
public sealed class GroupCommit(IDocumentStore store, NpgsqlDataSource dataSource, VotingTables tables, SealedUrn urn, ParticipationNotes notes,
    JornadaViews views, IOptions<CredentialLockoutOptions> lockout)
{
    /// <summary>Decides and writes one Jornada's share of a group commit in one transaction; now is the commit's instant.</summary>
    /// <remarks>
    /// Measured here, around the pure decision and never inside it: size, duration and outcome of the commit, the urn
    /// it leaves, the mix it made. The span carries counts and the Jornada id only; the commit's database spans are its children.
    /// </remarks>
    public async Task<IReadOnlyList<BallotOutcome>> WriteAsync(Guid jornadaId, IReadOnlyList<PendingBallot> pending, DateTimeOffset now)
    {
        using var span = VotingMetrics.Traces.StartActivity("group commit");
        span?.SetTag("gobiernoabierto.jornada", jornadaId.ToString());
        span?.SetTag("gobiernoabierto.group_commit.size", pending.Count);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (outcomes, committed) = await DecideAndWriteAsync(jornadaId, pending, now, span);
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
        Guid jornadaId, IReadOnlyList<PendingBallot> pending, DateTimeOffset now, Activity? span)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));

        var stream = await session.Events.FetchForExclusiveWriting<Jornada>(jornadaId);
        if (stream.Aggregate is not { } jornada)
            return (pending.Select(_ => (BallotOutcome)new BallotOutcome.Refused(Jornada.NotFound)).ToList(), false);
        views.Saw(jornada); // the newest state there is, read under the lock: the request path's view catches up

        var read = await tables.ReadForCommitAsync(connection, jornadaId,
            pending.Select(p => p.VoterKey).Distinct().ToArray(),
            jornada.HasVoterRoll,
            pending.Where(p => p.IdempotencyLookup is not null).Select(p => p.IdempotencyLookup!).Distinct().ToArray(),
            pending.Where(p => p.Channel == BallotChannel.Online).Select(p => p.VoterKey).Distinct().ToArray());
        var inUrn = urn.OpenAll(jornadaId, read.Urn);
        var credentials = read.Credentials.ToDictionary(c => c.Key, c => new StoredCredential(c.Value.Verifier, c.Value.RevokedVerifier, c.Value.LockedUntil));

        var (outcomes, write) = BallotBatch.Decide(jornada, now, pending, read.Voted, read.Roll, read.Replays, inUrn, urn.MixSize, credentials);
        span?.SetTag("gobiernoabierto.group_commit.accepted", write.Participations.Count);
        if (write.Participations.Count == 0 && write.WrongCodes.Count == 0)
        {
            VotingMetrics.UrnHolds(jornadaId, inUrn.Count);
            await transaction.RollbackAsync();
            return (outcomes, false);
        }
        tables.QueueCommit(session, jornadaId, new VotingTables.CommitRows(
            write.WrongCodes, lockout.Value.MaxFailures, now + lockout.Value.LockFor,
            write.RightCodes,
            write.Participations.Select(p => (p.VoterKey, p.ColoniaId)).ToList(),
            notes.SealAll(jornadaId, write.Notes.Select(n => (n.VoterKey, n.Channel, n.Day))).OrderBy(n => n.CheckKey, StringComparer.Ordinal).ToList(),
            write.IdempotencyRecords.Select(r => (r.Lookup, r.SealedReceipt)).ToList(),
            urn.After(read.Urn, write.Sealed, write.Unsealed)));
        // Wrong voting codes alone append no event; whatever leaves the urn (write.Unsealed, not in the urn written above) always
        // enters the chain in the same transaction, even in a commit that accepted no ballot of its own.
        if (write.Ballots.Count > 0) stream.AppendMany(write.Ballots);
        if (write.Turnout is not null) stream.AppendOne(write.Turnout);
        await session.SaveChangesAsync();
        await transaction.CommitAsync();

        VotingMetrics.UrnHolds(jornadaId, inUrn.Count + write.Sealed.Count - write.Unsealed.Count);
        if (urn.MixSize > 0 && write.Ballots.Count > 0) VotingMetrics.Mixed(jornadaId, "urn_full");
        span?.SetTag("gobiernoabierto.group_commit.mixed", write.Ballots.Count);
        return (outcomes, true);
    }
}

/// <summary>The group commit failed (database down, lock timeout); nothing of it was written.</summary>
public sealed class BallotBoxUnavailableException(Exception inner)
    : Exception("The ballot box could not commit; nothing was written.", inner);
