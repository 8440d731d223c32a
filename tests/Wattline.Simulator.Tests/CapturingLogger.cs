using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wattline.Simulator.Tests;

internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly TaskCompletionSource<string> _firstWarning = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    /// <summary>Completes with the first message logged at warning level or above.</summary>
    public Task<string> FirstWarning => _firstWarning.Task;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Entries.Enqueue((logLevel, message));
        if (logLevel >= LogLevel.Warning)
        {
            _firstWarning.TrySetResult(message);
        }
    }
}
