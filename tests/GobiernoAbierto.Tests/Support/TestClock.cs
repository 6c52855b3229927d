namespace GobiernoAbierto.Tests.Support;

/// <summary>The real clock, moved by an offset a test sets, to step past a voting window without waiting for it.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>
    /// Moves the clock on until the answer is disposed: months of a plan after its publication (which the service dates
    /// by its clock) in one test. The shared service's tests run one at a time, so the others never see it.
    /// </summary>
    public IDisposable RunAhead(TimeSpan by)
    {
        Offset += by;
        return new Back(this, by);
    }

    private sealed class Back(TestClock clock, TimeSpan by) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            clock.Offset -= by;
        }
    }
}
