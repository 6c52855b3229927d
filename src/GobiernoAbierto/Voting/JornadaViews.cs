using System.Collections.Concurrent;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using Marten.Services;

namespace GobiernoAbierto.Voting;

/// <summary>
/// This instance's view of each Jornada ballots are cast in, so the request path checks a ballot without reading the
/// Jornada from the database every time. Kept current from the Jornada's own events: every group commit hands over the
/// Jornada it read under the lock (the newest state there is, whoever changed it), and a staff action committed on this
/// instance drops the view (Listener), so the next ballot reads it again.
/// Never the authority. A view may be behind another instance's action for as long as no ballot commits here: a ballot
/// it lets through is decided again by the group commit under the Jornada's lock (open, window, kiosk, option, roll,
/// credential), and a ballot it would refuse is checked again against the Jornada read from the database
/// (CastBallotEndpoint), so a stale view can neither count nor refuse a ballot.
/// </summary>
public sealed class JornadaViews
{
    private readonly ConcurrentDictionary<Guid, Jornada> _views = new();
    private readonly SharedReads<Guid, Jornada?> _firstReads = new();

    /// <summary>
    /// The view, or the Jornada read from the database when there is none yet (null: no such Jornada); the ballots that
    /// find no view at once (a fresh instance, a view just dropped) wait for one read.
    /// </summary>
    public ValueTask<Jornada?> GetAsync(IDocumentStore store, Guid jornadaId, CancellationToken cancellation) =>
        _views.TryGetValue(jornadaId, out var view) ? ValueTask.FromResult<Jornada?>(view) : new(FirstReadAsync(store, jornadaId, cancellation));

    private Task<Jornada?> FirstReadAsync(IDocumentStore store, Guid jornadaId, CancellationToken cancellation) =>
        _firstReads.ReadAsync(jornadaId, (id, token) => ReadAsync(store, id, token), cancellation);

    /// <summary>The Jornada as the database has it now; it becomes the view.</summary>
    public async Task<Jornada?> ReadAsync(IDocumentStore store, Guid jornadaId, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var jornada = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        if (jornada is not null) Saw(jornada);
        return jornada;
    }

    /// <summary>A state of the Jornada read from the database; an older one than the view holds changes nothing.</summary>
    public void Saw(Jornada jornada) =>
        _views.AddOrUpdate(jornada.Id, jornada, (_, held) => jornada.Version >= held.Version ? jornada : held);

    public void Forget(Guid jornadaId) => _views.TryRemove(jornadaId, out _);

    public bool TryGet(Guid jornadaId, out Jornada? view) => _views.TryGetValue(jornadaId, out view);

    /// <summary>
    /// Drops the view of a Jornada when a session on this instance commits anything to its stream other than ballots
    /// and turnout (which the request path does not look at): opening, closing, a kiosk registered or closed.
    /// </summary>
    public sealed class Listener(JornadaViews views) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            foreach (var e in commit.GetEvents())
                if (e.Data is not (BallotCast or TurnoutRecorded)) views.Forget(e.StreamId);
            return Task.CompletedTask;
        }
    }

    /// <summary>Adds the listener to the document store once it is built (the store and the views are both singletons).</summary>
    public sealed class Registration(JornadaViews views) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new Listener(views));
    }
}
