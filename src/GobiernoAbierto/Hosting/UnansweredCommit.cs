using Marten.Services;
using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// A request whose write reached its COMMIT and got no answer (the connection lost at that instant: a network cut, a
/// failover) may be committed, so «Nada se registró» would not be true. Marten calls a transaction participant after
/// the write's statements ran and just before its COMMIT: the request is marked there, and the mark is cleared when the
/// COMMIT is answered. <see cref="ProblemExceptionHandler"/> reads it. The ballots' group commit decides this itself
/// (BallotBox, CommitOutcomeUnknownException): it commits its own transaction.
/// </summary>
public sealed class UnansweredCommit : ITransactionParticipant
{
    private IDocumentSession? _watching;

    /// <summary>The last COMMIT this request sent has not been answered.</summary>
    public bool Pending { get; private set; }

    /// <summary>
    /// A COMMIT of this request was answered: something it changed is recorded, whatever fails after (the answer's own
    /// read of the view after the commit, Answers.View, on a connection a failover takes at that moment).
    /// </summary>
    public bool Committed { get; private set; }

    public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
    {
        Pending = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The request's failure may have left its write committed: a COMMIT of it was answered before the failure (then
    /// «Nada se registró» is false whatever failed), or its COMMIT went unanswered and what ended the request is not
    /// PostgreSQL's own answer (an error from PostgreSQL means the transaction was not committed).
    /// </summary>
    public static bool MayHaveCommitted(HttpContext context, Exception exception)
    {
        if (context.Features.Get<UnansweredCommit>() is not { } mark) return false;
        if (mark.Committed) return true;
        if (!mark.Pending) return false;
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException) return false;
        return true;
    }

    /// <summary>Watches every session a request saves (Marten's store-wide listeners).</summary>
    public sealed class Listener(IHttpContextAccessor requests) : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (requests.HttpContext is not { } http || session is not ITransactionParticipantRegistrar registrar) return Task.CompletedTask;
            var mark = http.Features.Get<UnansweredCommit>();
            if (mark is null) http.Features.Set(mark = new UnansweredCommit());
            // A session keeps its participants until it is disposed: once per session.
            if (!ReferenceEquals(mark._watching, session))
            {
                registrar.AddTransactionParticipant(mark);
                mark._watching = session;
            }
            return Task.CompletedTask;
        }

        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (requests.HttpContext?.Features.Get<UnansweredCommit>() is { } mark) (mark.Pending, mark.Committed) = (false, true);
            return Task.CompletedTask;
        }
    }

    public sealed class Registration(IHttpContextAccessor requests) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new Listener(requests));
    }
}
