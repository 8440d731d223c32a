using Microsoft.Extensions.Logging;

namespace Wattline.Simulator.Cli;

/// <summary>Writes log lines to standard error: time, level, message.</summary>
internal sealed class ConsoleLoggerFactory(LogLevel minimum, TimeProvider timeProvider) : ILoggerFactory
{
    private readonly LogLevel _minimum = minimum;
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The simulator logs to the console only.");

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var label = level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        var time = timeProvider.GetLocalNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            Console.Error.WriteLine($"{time} {label}: {message}");
            if (exception is not null)
            {
                Console.Error.WriteLine($"         {exception.GetType().Name}: {exception.Message}");
            }
        }
    }

    private sealed class ConsoleLogger(ConsoleLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                factory.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
