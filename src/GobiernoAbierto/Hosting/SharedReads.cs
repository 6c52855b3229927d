using System.Collections.Concurrent;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Requests that miss an instance's cache for the same key at the same time share one database read instead of each
/// making its own. An instance started during the vote (a restart, a failover) meets the ballots in flight at once, and
/// none finds the Jornada in its view: each read took a pooled connection, so the pool opened one PostgreSQL session per
/// ballot (a new backend, TLS and SCRAM each), and the first ballots waited up to two and a half seconds for them
/// (tests/GobiernoAbierto.Benchmarks/FINDINGS.md, «Sixty-four sessions at the first ballot»).
/// The read runs without any one request's cancellation (the others wait for it); a failed read is shared by those who
/// waited for it and never kept, so the next miss reads again.
/// </summary>
public sealed class SharedReads<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _inFlight = new();

    public Task<TValue> ReadAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> read, CancellationToken cancellation)
    {
        var mine = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(key, mine.Task);
        if (shared == mine.Task) _ = ReadForAllAsync(key, mine, read);
        return shared.WaitAsync(cancellation);
    }

    private async Task ReadForAllAsync(TKey key, TaskCompletionSource<TValue> answer, Func<TKey, CancellationToken, Task<TValue>> read)
    {
        Exception? failure = null;
        var value = default(TValue)!;
        try
        {
            value = await read(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            failure = e;
        }
        // Gone before anyone hears the answer, so a miss after it reads again.
        _inFlight.TryRemove(KeyValuePair.Create(key, answer.Task));
        if (failure is null) answer.SetResult(value);
        else
        {
            answer.SetException(failure);
            _ = answer.Task.Exception; // observed: whoever waited gets it
        }
    }
}
