using GobiernoAbierto.Hosting;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// A freshly started instance under load: the ballots in flight missed the instance's view of the Jornada (and a
/// kiosk's credential) at once and each read the database on a connection of its own, so PostgreSQL started a session
/// per ballot. Misses of one key at the same time now wait for one read.
/// </summary>
public sealed class when_many_requests_miss_the_same_key_at_once
{
    [Fact]
    public async Task they_wait_for_one_read_and_all_get_its_answer()
    {
        var reads = new SharedReads<string, string?>();
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        Task<string?> Read(string key, CancellationToken _) { Interlocked.Increment(ref asked); return answer.Task; }

        var waiting = Enumerable.Range(0, 64).Select(_ => reads.ReadAsync("kiosco-1", Read, CancellationToken.None)).ToList();
        await Task.Delay(50);
        Assert.DoesNotContain(waiting, w => w.IsCompleted);
        answer.SetResult("credencial");

        Assert.All(await Task.WhenAll(waiting), value => Assert.Equal("credencial", value));
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task other_keys_are_read_apart_and_a_finished_read_is_not_kept()
    {
        var reads = new SharedReads<string, string?>();
        var asked = new System.Collections.Concurrent.ConcurrentBag<string>();
        Task<string?> Read(string key, CancellationToken _) { asked.Add(key); return Task.FromResult<string?>(key.ToUpperInvariant()); }

        Assert.Equal("A", await reads.ReadAsync("a", Read, CancellationToken.None));
        Assert.Equal("B", await reads.ReadAsync("b", Read, CancellationToken.None));
        Assert.Equal("A", await reads.ReadAsync("a", Read, CancellationToken.None)); // keeping answers is the caller's cache's job

        Assert.Equal(["a", "a", "b"], asked.Order());
    }

    [Fact]
    public async Task a_failed_read_fails_those_who_waited_and_the_next_miss_reads_again()
    {
        var reads = new SharedReads<Guid, string?>();
        var failing = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        Task<string?> Read(Guid key, CancellationToken _) => Interlocked.Increment(ref asked) == 1 ? failing.Task : Task.FromResult<string?>("Jornada");
        var id = Guid.NewGuid();

        var first = reads.ReadAsync(id, Read, CancellationToken.None);
        var second = reads.ReadAsync(id, Read, CancellationToken.None);
        failing.SetException(new TimeoutException("PostgreSQL no respondió"));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => second);
        Assert.Equal("Jornada", await reads.ReadAsync(id, Read, CancellationToken.None));
        Assert.Equal(2, asked);
    }

    [Fact]
    public async Task a_request_that_gives_up_stops_waiting_without_cancelling_the_read_for_the_others()
    {
        var reads = new SharedReads<string, string?>();
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var readCancelled = false;
        Task<string?> Read(string key, CancellationToken token) { readCancelled = token.CanBeCanceled; return answer.Task; }
        using var gaveUp = new CancellationTokenSource();

        var first = reads.ReadAsync("kiosco-1", Read, gaveUp.Token);
        var second = reads.ReadAsync("kiosco-1", Read, CancellationToken.None);
        gaveUp.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted);
        answer.SetResult("credencial");
        Assert.Equal("credencial", await second);
        Assert.False(readCancelled); // the read never carries one request's cancellation
    }
}
