using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The red team read it in the code: while a freshly started instance asked the database whether an auditor exists, every
/// other kiosk ballot was told "no IEEQ", so a configured kiosk not yet authorized passed the request's check (the group
/// commit's own question under the Jornada's lock stopped its ballots). Whoever comes while it asks now waits for the answer.
/// </summary>
public sealed class when_whether_the_service_has_an_ieeq_is_asked_at_once
{
    private static IeeqPresence Presence(Func<CancellationToken, Task<bool>> ask) =>
        new(ask, new NoKeys());

    /// <summary>A configuration without an auditor's key: the accounts decide.</summary>
    private sealed class NoKeys : Microsoft.Extensions.Options.IOptionsMonitor<AuthOptions>
    {
        public AuthOptions CurrentValue { get; } = new();
        public AuthOptions Get(string? name) => CurrentValue;
        public IDisposable? OnChange(Action<AuthOptions, string?> listener) => null;
    }

    [Fact]
    public async Task a_caller_that_comes_while_the_database_is_asked_waits_for_its_answer()
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        var presence = Presence(_ => { Interlocked.Increment(ref asked); return answer.Task; });

        var first = presence.IsPresentAsync(CancellationToken.None).AsTask();
        var second = presence.IsPresentAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted); // it used to answer false at once
        answer.SetResult(true);

        Assert.True(await first);
        Assert.True(await second);
        Assert.Equal(1, asked);
        Assert.True(await presence.IsPresentAsync(CancellationToken.None)); // once true, never asked again
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task a_question_that_fails_fails_its_waiters_too_and_the_next_caller_asks_again()
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        var presence = Presence(_ => Interlocked.Increment(ref asked) == 1 ? answer.Task : Task.FromResult(false));

        var first = presence.IsPresentAsync(CancellationToken.None).AsTask();
        var second = presence.IsPresentAsync(CancellationToken.None).AsTask();
        answer.SetException(new TimeoutException("PostgreSQL no respondió"));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => second);
        Assert.False(await presence.IsPresentAsync(CancellationToken.None));
        Assert.Equal(2, asked);
        Assert.False(await presence.IsPresentAsync(CancellationToken.None)); // a "no" holds for two seconds
        Assert.Equal(2, asked);
    }
}
