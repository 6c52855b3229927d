namespace GobiernoAbierto.Tests.Support;

/// <summary>The real clock, moved by an offset a test sets, to step past a voting window without waiting for it.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
