using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Meters;
using Wattline.Modbus;

namespace Wattline.Gateway.Polling;

/// <summary>
/// Polls the meters of one bus, one request at a time, each on its own period, and writes every reading to the
/// buffer. A meter that stops answering is marked offline after three failures in a row and then only probed every
/// ten seconds, so the time it costs the shared line stays small. Commands for the bus's meters run between polls.
/// </summary>
public sealed partial class BusPoller(
    BusOptions bus,
    Func<IModbusTransport> connect,
    IReadOnlyList<MeterState> meters,
    ReadingBuffer buffer,
    TimeProvider time,
    ILogger logger)
{
    public const int OfflineAfterFailures = 3;
    public static readonly TimeSpan OfflineProbe = TimeSpan.FromSeconds(10);

    private readonly Channel<MeterCommand> _commands = Channel.CreateUnbounded<MeterCommand>();

    /// <summary>Raised when a meter starts or stops answering.</summary>
    public event Action<MeterState>? StateChanged;

    public string Bus => bus.Name;

    public IReadOnlyList<MeterState> Meters => meters;

    public ValueTask EnqueueAsync(MeterCommand command, CancellationToken cancellationToken) => _commands.Writer.WriteAsync(command, cancellationToken);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IModbusTransport transport;
            try
            {
                transport = connect();
            }
            catch (ModbusTransportException e)
            {
                LogBusUnavailable(bus.Name, e.Message);
                MarkAllOffline(e.Message);
                await Task.Delay(OfflineProbe, time, stoppingToken);
                continue;
            }

            try
            {
                await PollAsync(new ModbusClient(transport) { Retries = bus.Retries }, stoppingToken);
                MarkAllOffline($"the line {transport.Endpoint} was lost");
            }
            finally
            {
                // Closing a port whose adapter is gone can hang in the driver; the poller does not wait for it long.
                try
                {
                    await Task.Run(async () => await transport.DisposeAsync(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), time, CancellationToken.None);
                }
                catch (TimeoutException)
                {
                    LogCloseHangs(bus.Name);
                }
            }

            // A moment before opening the line again, so a device that comes and goes is not hammered.
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
        }
    }

    private async Task PollAsync(ModbusClient client, CancellationToken stoppingToken)
    {
        var due = meters.ToDictionary(m => m, _ => time.GetUtcNow());
        while (!stoppingToken.IsCancellationRequested)
        {
            while (_commands.Reader.TryRead(out var command))
            {
                await ExecuteAsync(client, command, stoppingToken);
            }

            var (meter, at) = due.MinBy(p => p.Value);
            var wait = at - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(wait, time, wake.Token);
                var command = _commands.Reader.WaitToReadAsync(wake.Token).AsTask();
                // The clock may have passed the due time while the timer was being set: then there is nothing to wait for.
                if (at > time.GetUtcNow())
                {
                    await Task.WhenAny(delay, command);
                }

                await wake.CancelAsync();
                await Task.WhenAll(Quietly(delay), Quietly(command));
                if (!delay.IsCompletedSuccessfully && at > time.GetUtcNow())
                {
                    continue;
                }
            }

            await ReadAsync(client, meter, stoppingToken);
            meter.Polls++;
            if (client.Transport.IsClosed)
            {
                LogBusLost(bus.Name, client.Transport.Endpoint);
                return;
            }

            var period = meter.Online || !meter.Polled || meter.ConsecutiveFailures < OfflineAfterFailures ? meter.Options.Period : Max(meter.Options.Period, OfflineProbe);
            var next = at + period;
            due[meter] = next < time.GetUtcNow() ? time.GetUtcNow() : next;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Without its line no meter of the bus answers; each shows offline until its next answer.
    private void MarkAllOffline(string reason)
    {
        foreach (var meter in meters.Where(m => m.Online || !m.Polled))
        {
            (meter.Online, meter.Polled, meter.LastError) = (false, true, reason);
            meter.ConsecutiveFailures = Math.Max(meter.ConsecutiveFailures, OfflineAfterFailures);
            StateChanged?.Invoke(meter);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReadAsync(ModbusClient client, MeterState meter, CancellationToken stoppingToken)
    {
        var at = time.GetUtcNow();
        var unit = (byte)meter.Options.Unit;
        try
        {
            var values = await meter.Profile.ReadAsync(client, unit, stoppingToken);
            buffer.Add(meter.Key, at.ToUnixTimeMilliseconds(), values);
            var wasOffline = meter.Polled && !meter.Online;
            (meter.Polled, meter.Online, meter.LastReadingAt, meter.LastError) = (true, true, at, null);
            meter.Readings++;
            if (wasOffline)
            {
                LogMeterBack(meter.Key, unit, bus.Name, meter.ConsecutiveFailures);
            }

            meter.ConsecutiveFailures = 0;
            if (wasOffline || meter.Readings == 1)
            {
                StateChanged?.Invoke(meter);
            }
        }
        catch (Exception e) when (e is ModbusTransportException or ModbusException or SunSpecException)
        {
            meter.ConsecutiveFailures++;
            meter.LastError = e.Message;
            if (meter.ConsecutiveFailures == OfflineAfterFailures || (!meter.Polled && meter.ConsecutiveFailures == 1))
            {
                LogMeterOffline(meter.Key, unit, bus.Name, meter.ConsecutiveFailures, e.Message);
            }

            if (meter.ConsecutiveFailures >= OfflineAfterFailures && (meter.Online || !meter.Polled))
            {
                (meter.Online, meter.Polled) = (false, true);
                StateChanged?.Invoke(meter);
            }
        }
    }

    private async Task ExecuteAsync(ModbusClient client, MeterCommand command, CancellationToken stoppingToken)
    {
        var meter = meters.FirstOrDefault(m => m.Key == command.Meter);
        if (meter is null)
        {
            command.Done.TrySetException(new CommandNotSupportedException($"No meter '{command.Meter}' on bus '{bus.Name}'."));
            return;
        }

        try
        {
            var state = await meter.Profile.ExecuteAsync(client, (byte)meter.Options.Unit, command.Name, command.Parameters, stoppingToken);
            command.Done.TrySetResult(state);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            command.Done.TrySetException(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meter {Meter} (unit {Unit} on bus {Bus}) does not answer ({Failures} failed polls): {Error}")]
    private partial void LogMeterOffline(string meter, byte unit, string bus, int failures, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meter {Meter} (unit {Unit} on bus {Bus}) answers again after {Failures} failed polls")]
    private partial void LogMeterBack(string meter, byte unit, string bus, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bus {Bus} lost its line {Endpoint} (an adapter unplugged?); opening it again")]
    private partial void LogBusLost(string bus, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus {Bus}: closing the lost line takes long; opening it again without waiting")]
    private partial void LogCloseHangs(string bus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bus {Bus} cannot be opened: {Error}; trying again in 10 s")]
    private partial void LogBusUnavailable(string bus, string error);
}
