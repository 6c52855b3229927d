using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Support;

/// <summary>What a test host logged (what passes the service's own level filters), to count what a run left behind.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int Capacity = 50_000;
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private long _written;

    /// <param name="Values">The message's structured values, as key=value pairs: what a structured log sink would store.</param>
    public sealed record LogEntry(long Sequence, string Category, LogLevel Level, string Message, string Values, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().Name}]")}";
    }

    /// <summary>Where the log stands now: pass it to <see cref="Since"/>.</summary>
    public long Mark() => Interlocked.Read(ref _written);

    public IReadOnlyList<LogEntry> Since(long mark) => _entries.Where(e => e.Sequence >= mark).ToList();

    /// <summary>Every entry kept, whole: level, category, message, structured values and the exception with its stack.</summary>
    public IReadOnlyList<string> Messages => _entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Values} {e.Exception}").ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Add(string category, LogLevel level, string message, string values, Exception? exception)
    {
        _entries.Enqueue(new LogEntry(Interlocked.Increment(ref _written) - 1, category, level, message, values, exception));
        while (_entries.Count > Capacity) _entries.TryDequeue(out _);
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(category, logLevel, formatter(state, exception),
                state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")) : "",
                exception);
    }
}
