using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Support;

/// <summary>What a test host logged (what passes the service's own level filters), to count what a run left behind.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int Capacity = 50_000;
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private long _written;

    public sealed record LogEntry(long Sequence, string Category, LogLevel Level, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().Name}]")}";
    }

    /// <summary>Where the log stands now: pass it to <see cref="Since"/>.</summary>
    public long Mark() => Interlocked.Read(ref _written);

    public IReadOnlyList<LogEntry> Since(long mark) => _entries.Where(e => e.Sequence >= mark).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Add(string category, LogLevel level, string message, Exception? exception)
    {
        _entries.Enqueue(new LogEntry(Interlocked.Increment(ref _written) - 1, category, level, message, exception));
        while (_entries.Count > Capacity) _entries.TryDequeue(out _);
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(category, logLevel, formatter(state, exception), exception);
    }
}
