using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;

namespace Wattline.Simulator.Links;

/// <summary>
/// A simulated device's connection to the server over one transport: connects with backoff and announces the device,
/// uploads telemetry until the server answers, receives commands (into <see cref="Commands"/>) and sends results.
/// A lost connection surfaces as an exception from <see cref="PublishAsync"/>; the device then connects again.
/// </summary>
internal abstract partial class DeviceLink(SimulatedDeviceSpec spec, SimulatorOptions options, TimeProvider timeProvider, ILogger logger, FleetCounters counters)
    : IAsyncDisposable
{
    private int _connected;

    protected SimulatedDeviceSpec Spec { get; } = spec;

    protected SimulatorOptions Options { get; } = options;

    protected TimeProvider Time { get; } = timeProvider;

    /// <summary>Where the link connects, for log lines.</summary>
    protected abstract string Endpoint { get; }

    /// <summary>Commands the server sent, in arrival order.</summary>
    public Channel<DeviceCommandMessage> Commands { get; } = Channel.CreateUnbounded<DeviceCommandMessage>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>What the device says about itself once connected.</summary>
    public required Func<DeviceInfoMessage> Info { get; init; }

    public bool IsConnected => Volatile.Read(ref _connected) == 1;

    /// <summary>Returns once connected and announced; tries again with a doubling, jittered wait.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = Options.ReconnectDelay;
        var failures = 0;
        while (!IsConnected)
        {
            await BeforeAttemptAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await AttemptAsync(cancellationToken);
                MarkConnected();
                LogConnected(Spec.DeviceId, Endpoint);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await AfterFailedAttemptAsync();
                if (failures++ == 0)
                {
                    LogConnectFailed(Spec.DeviceId, Endpoint, e.Message);
                }
                else
                {
                    LogConnectRetry(Spec.DeviceId, failures, e.Message);
                }

                // Jitter keeps a fleet from reconnecting in lockstep after the server comes back.
                var jitter = 0.75 + (Random.Shared.NextDouble() * 0.5);
                await Task.Delay(delay * jitter, Time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
            }
        }
    }

    /// <summary>Sends one upload and waits for the server's answer; throws when the connection is lost meanwhile.</summary>
    public abstract Task<PublishOutcome> PublishAsync(byte[] payload, CancellationToken inFlight);

    /// <summary>Tells the server what became of a command. Best effort: a lost result makes the server resend the command.</summary>
    public abstract Task SendResultAsync(CommandResultMessage result, CancellationToken cancellationToken);

    /// <summary>Work of the link besides uploads (an HTTP device polls for commands); runs until cancelled.</summary>
    public virtual Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Says goodbye (where the transport has a way) and disconnects.</summary>
    public abstract Task StopAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected virtual Task BeforeAttemptAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task AttemptAsync(CancellationToken cancellationToken);

    protected virtual Task AfterFailedAttemptAsync() => Task.CompletedTask;

    protected void MarkConnected()
    {
        if (Interlocked.Exchange(ref _connected, 1) == 0)
        {
            counters.DeviceConnected();
        }
    }

    /// <summary>Returns true when the link was connected until now.</summary>
    protected bool MarkDisconnected()
    {
        if (Interlocked.Exchange(ref _connected, 0) == 1)
        {
            counters.DeviceDisconnected();
            return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} connected to {Endpoint}")]
    private partial void LogConnected(string deviceId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} cannot connect to {Endpoint}: {Reason}; retrying with backoff")]
    private partial void LogConnectFailed(string deviceId, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} connection attempt {Attempt} failed: {Reason}")]
    private partial void LogConnectRetry(string deviceId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} lost its connection: {Reason}")]
    protected partial void LogDisconnected(string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server says to device {DeviceId} on {Topic}: {Payload}")]
    protected partial void LogServerStatus(string deviceId, string topic, string payload);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} got a command it cannot read: {Reason}")]
    protected partial void LogBadCommand(string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} could not send a command result: {Reason}")]
    protected partial void LogResultLost(string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} did not disconnect cleanly: {Reason}")]
    protected partial void LogStopFailed(string deviceId, string reason);
}
