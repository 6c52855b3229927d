using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// A loopback TCP relay between a service and the tests' PostgreSQL, so a test can take the database away as a real
/// outage does (the server stopped, the network cut during a failover) without touching the shared server:
/// <see cref="Cut"/> resets every connection through it and refuses new ones (connection refused, as a stopped server
/// answers), <see cref="Restore"/> accepts again on the same port.
/// </summary>
public sealed class PostgresRelay : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private CommitCut? _commitCut;
    private CommitCut? _outageAt;

    public int Port { get; }

    /// <summary>The connection string to give the service: the target's, with the relay's host and port.</summary>
    public string ConnectionString { get; }

    private PostgresRelay(string targetConnectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(targetConnectionString);
        var address = IPAddress.TryParse(target.Host, out var ip) ? ip : Dns.GetHostAddresses(target.Host!)[0];
        _target = new IPEndPoint(address, target.Port);
        Port = ServiceHost.FreePort();
        // The service keeps its connection pool, as in production: a cut resets the pooled connections too.
        ConnectionString = new NpgsqlConnectionStringBuilder(targetConnectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;
    }

    public static PostgresRelay Start(string targetConnectionString)
    {
        var relay = new PostgresRelay(targetConnectionString);
        relay.Restore();
        return relay;
    }

    /// <summary>PostgreSQL is gone: every open connection reset, new ones refused.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open) Reset(client);
            _open.Clear();
        }
    }

    /// <summary>PostgreSQL answers again, on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is not null) return;
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener);
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient incoming;
            try { incoming = await listener.AcceptTcpClientAsync(_stopping.Token); }
            catch (Exception) { return; } // stopped: cut or disposed
            var outgoing = new TcpClient();
            try { await outgoing.ConnectAsync(_target, _stopping.Token); }
            catch (Exception)
            {
                incoming.Dispose();
                outgoing.Dispose();
                continue;
            }
            lock (_gate)
            {
                if (_listener != listener) // cut while this one connected
                {
                    incoming.Dispose();
                    outgoing.Dispose();
                    return;
                }
                _open.Add(incoming);
                _open.Add(outgoing);
            }
            var pair = new Pair(incoming, outgoing);
            _ = PumpAsync(pair, toServer: true);
            _ = PumpAsync(pair, toServer: false);
        }
    }

    private volatile bool _stalled;

    /// <summary>
    /// PostgreSQL stops answering without going away (a server frozen, a network that drops packets without a reset):
    /// connections stay open and new ones are accepted, but nothing passes either way until <see cref="Resume"/>, when
    /// what was held back is delivered.
    /// </summary>
    public void Stall() => _stalled = true;

    public void Resume() => _stalled = false;

    /// <summary>
    /// The next transaction that sends <paramref name="marker"/> (SQL text: give the service a connection string with
    /// Max Auto Prepare=0, or a prepared statement sends no text) loses its connection at its COMMIT: the COMMIT reaches
    /// PostgreSQL, which commits it and answers, and that answer never reaches the service (both ends reset instead), as
    /// when the network or a failover takes the connection between the two. The task completes once that happened.
    /// </summary>
    public Task CutAtNextCommitAsync(string marker)
    {
        var cut = new CommitCut(System.Text.Encoding.UTF8.GetBytes(marker));
        lock (_gate) _commitCut = cut;
        return cut.Done.Task;
    }

    /// <summary>
    /// PostgreSQL goes away (as <see cref="Cut"/>) at the moment a connection sends <paramref name="marker"/>, before
    /// PostgreSQL sees it: a statement in flight mid-transaction, as when the server stops. <see cref="Restore"/> ends it.
    /// </summary>
    public Task CutWhenSentAsync(string marker)
    {
        var cut = new CommitCut(System.Text.Encoding.UTF8.GetBytes(marker));
        lock (_gate) _outageAt = cut;
        return cut.Done.Task;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

    /// <summary>
    /// Waits for a cut armed above; when it does not come, fails saying what the relay saw of it (the marker, a rollback,
    /// a COMMIT), for a flake that timed out in full runs only.
    /// </summary>
    public async Task AwaitCutAsync(Task cut, TimeSpan within)
    {
        try
        {
            await cut.WaitAsync(within);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No cut within {within.TotalSeconds} s. The relay saw: " +
                (_seen.IsEmpty ? "nothing of the marker" : string.Join("; ", _seen)), e);
        }
    }

    // Npgsql's commit: a simple Query message holding "COMMIT"; its rollback (also on disposing an unfinished transaction), "ROLLBACK".
    private static readonly byte[] CommitQuery = [(byte)'Q', 0, 0, 0, 11, .. "COMMIT"u8, 0];
    private static readonly byte[] RollbackQuery = [(byte)'Q', 0, 0, 0, 13, .. "ROLLBACK"u8, 0];

    private sealed class CommitCut(byte[] marker)
    {
        public byte[] Marker { get; } = marker;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Pair(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;
        public TcpClient Server { get; } = server;
        public CommitCut? Marked; // sent the marker: its next COMMIT is the one cut
        public CommitCut? CommitSent; // its COMMIT went to the server: the answer is not passed on
        public byte[] Tail = []; // the last bytes it sent
    }

    private async Task PumpAsync(Pair pair, bool toServer)
    {
        var (from, to) = toServer ? (pair.Client, pair.Server) : (pair.Server, pair.Client);
        var buffer = new byte[65536];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stopping.Token);
                if (read == 0) break;
                var chunk = buffer.AsMemory(0, read);
                if (toServer)
                {
                    // What was sent, with the end of the read before: Npgsql writes a long batch in 8 KB pieces, and a
                    // marker may straddle two of them.
                    var seen = (byte[])[.. pair.Tail, .. chunk.Span];
                    pair.Tail = seen[Math.Max(0, seen.Length - 256)..];
                    CommitCut? outage = null;
                    lock (_gate)
                    {
                        if (_outageAt is { } at && seen.AsSpan().IndexOf(at.Marker) >= 0)
                        {
                            outage = at;
                            _outageAt = null;
                        }
                        if (_commitCut is { } armed && pair.Marked is null && seen.AsSpan().IndexOf(armed.Marker) >= 0)
                        {
                            pair.Marked = armed;
                            _commitCut = null;
                            _seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} marker on connection {pair.GetHashCode():x}");
                        }
                        if (pair.Marked is { } marked && chunk.Span.IndexOf(CommitQuery) >= 0)
                        {
                            pair.CommitSent = marked; // a COMMIT is sent on its own
                            _seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} COMMIT on connection {pair.GetHashCode():x}");
                        }
                        else if (pair.Marked is { } undone && chunk.Span.IndexOf(RollbackQuery) >= 0)
                        {
                            _seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} ROLLBACK on connection {pair.GetHashCode():x}");
                            // That transaction was rolled back (a conflict its caller retries, on whatever connection): the
                            // cut waits for the next one that sends the marker. Left marked, the retry committed uncut and the
                            // test waited for a COMMIT on this pooled connection that never came (a full run's flake).
                            pair.Marked = null;
                            _commitCut ??= undone;
                        }
                    }
                    if (outage is not null)
                    {
                        Cut();
                        outage.Done.TrySetResult();
                        break;
                    }
                }
                else if (pair.CommitSent is { } cut)
                {
                    _seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} answer after the COMMIT on connection {pair.GetHashCode():x}");
                    // PostgreSQL answered the COMMIT: it is committed. The service never hears it.
                    try
                    {
                        Reset(pair.Client);
                        Reset(pair.Server);
                    }
                    finally
                    {
                        cut.Done.TrySetResult();
                    }
                    break;
                }
                while (_stalled) await Task.Delay(50, _stopping.Token);
                await target.WriteAsync(chunk, _stopping.Token);
            }
        }
        catch (Exception e)
        {
            // reset by a cut or by the other side
            if (pair.Marked is not null)
                _seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {(toServer ? "to PostgreSQL" : "to the service")} on connection {pair.GetHashCode():x} ended: {e.GetType().Name}");
        }
        finally
        {
            if (pair.Marked is not null) _seen.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {(toServer ? "to PostgreSQL" : "to the service")} on connection {pair.GetHashCode():x} closed");
            lock (_gate)
            {
                _open.Remove(from);
                _open.Remove(to);
            }
            from.Dispose();
            to.Dispose();
        }
    }

    /// <summary>
    /// Closes with a reset (RST), not a FIN, as a cut network or a killed server looks to the other end. The other pump
    /// of the pair may have disposed it meanwhile (resetting one side ends that pump, which disposes both): then its
    /// socket is gone (null). That case threw here, after a COMMIT's answer was held back and before the cut was
    /// signalled, and the test waited a minute for a cut that had happened (the close-COMMIT flake of full runs).
    /// </summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket) socket.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        Cut();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
