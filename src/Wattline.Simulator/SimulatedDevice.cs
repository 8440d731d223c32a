using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Commands;
using Wattline.Simulator.Links;
using Wattline.Simulator.Models;

namespace Wattline.Simulator;

/// <summary>
/// One simulated device on its own connection (MQTT, HTTP or the device WebSocket, see <see cref="DeviceTransport"/>):
/// announces itself, optionally backfills history, then reports a sample every interval, and executes the commands
/// the server sends (<see cref="CommandExecutor"/>). Samples taken while the connection is down are kept (up to
/// <see cref="SimulatorOptions.MaxBufferedSamples"/>) and sent as a batch after reconnecting.
/// </summary>
public sealed partial class SimulatedDevice
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RebootPause = TimeSpan.FromSeconds(3);

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FleetCounters _counters;
    private readonly Channel<byte[]> _pending;
    private readonly TaskCompletionSource _liveStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _timerLock = new();
    private TimeSpan _interval;
    private PeriodicTimer? _timer;
    private DeviceLink? _link;

    public SimulatedDevice(SimulatedDeviceSpec spec, SimulatorOptions options, TimeProvider timeProvider, ILogger<SimulatedDevice> logger, FleetCounters? counters = null)
    {
        Spec = spec;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _counters = counters ?? new FleetCounters();
        _interval = options.Interval;
        Model = DeviceModelFactory.Create(spec.Kind, spec.Profile, spec.Relays, spec.Seed, options.CreateSite(timeProvider), spec.StartCounters);
        Commands = new CommandExecutor(Model, timeProvider);
        Commands.StateChanged += ReportNow;
        Commands.IntervalChanged += ChangeInterval;
        _pending = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.MaxBufferedSamples)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public SimulatedDeviceSpec Spec { get; }

    /// <summary>The device's measurements; sockets and inverters can be switched or limited through it.</summary>
    public DeviceModel Model { get; }

    /// <summary>The device's firmware side of commands: what it executed and how.</summary>
    public CommandExecutor Commands { get; }

    public bool IsConnected => _link?.IsConnected == true;

    /// <summary>Time between two live samples now (a report-interval command changes it).</summary>
    public TimeSpan Interval => _interval;

    /// <summary>Completes once live sampling runs, so a test driving a fake clock knows that advancing it takes samples.</summary>
    internal Task LiveStarted => _liveStarted.Task;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled, then lets an upload in flight finish (for a few
    /// seconds at most), marks the device offline where the transport can, and disconnects.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var link = CreateLink();
        _link = link;
        using var inFlight = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var stopping = cancellationToken.Register(() => inFlight.CancelAfter(StopTimeout));
        using var background = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var commands = RunCommandsAsync(link, background.Token);
        var linkWork = link.RunAsync(background.Token);
        try
        {
            await link.ConnectAsync(cancellationToken);
            await BackfillAsync(link, cancellationToken, inFlight.Token);
            await LiveAsync(link, cancellationToken, inFlight.Token);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever failed while stopping failed because of the stop.
        }
        finally
        {
            await background.CancelAsync();
            await Task.WhenAll(commands, linkWork).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await link.StopAsync();
        }
    }

    private DeviceLink CreateLink()
    {
        Func<DeviceInfoMessage> info = () =>
        {
            var rssi = -48 - (int)Noise.Between(Spec.Seed, 950, Spec.DeviceId.Length, 0, 25);
            return new DeviceInfoMessage(_options.Firmware, rssi, Model.Capabilities);
        };
        return Spec.Transport switch
        {
            DeviceTransport.Http => new HttpDeviceLink(Spec, _options, _timeProvider, _logger, _counters) { Info = info },
            DeviceTransport.WebSocket => new WebSocketDeviceLink(Spec, _options, _timeProvider, _logger, _counters) { Info = info },
            _ => new MqttDeviceLink(Spec, _options, _timeProvider, _logger, _counters) { Info = info },
        };
    }

    // Executes commands one at a time in arrival order and answers each on the link it came from.
    private async Task RunCommandsAsync(DeviceLink link, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var command in link.Commands.Reader.ReadAllAsync(cancellationToken))
            {
                var result = Commands.Execute(command);
                LogCommand(Spec.DeviceId, command.Id, command.Name, result.Status);
                await link.SendResultAsync(result, cancellationToken);
                if (command.Name == Wattline.Contracts.Commands.CommandNames.Reboot && result.Status == Wattline.Contracts.Commands.CommandResultMessage.SucceededStatus)
                {
                    LogReboot(Spec.DeviceId);
                    await link.StopAsync();
                    await Task.Delay(RebootPause, _timeProvider, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task BackfillAsync(DeviceLink link, CancellationToken cancellationToken, CancellationToken inFlight)
    {
        var from = Spec.BackfillFrom ?? _options.BackfillFrom;
        if (from is not { } cursor || cursor >= _timeProvider.GetUtcNow())
        {
            return;
        }

        var step = _options.BackfillStep;
        var batch = new TelemetryBatch(TelemetryLimits.Default);
        byte[]? carried = null;
        var total = 0;
        LogBackfillStarting(Spec.DeviceId, cursor);
        while (true)
        {
            if (carried is not null)
            {
                batch.TryAdd(carried);
                carried = null;
            }

            var now = _timeProvider.GetUtcNow();
            while (cursor < now)
            {
                var sample = TelemetryBatch.Serialize(cursor.ToUnixTimeMilliseconds(), Model.Read(cursor));
                cursor += step;
                if (!batch.TryAdd(sample))
                {
                    carried = sample;
                    break;
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            await PublishUntilSettledAsync(link, batch, cancellationToken, inFlight);
            total += batch.Count;
            batch.Clear();
        }

        LogBackfillDone(Spec.DeviceId, total);
    }

    private async Task LiveAsync(DeviceLink link, CancellationToken cancellationToken, CancellationToken inFlight)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = SampleAsync(stop.Token);
        try
        {
            var batch = new TelemetryBatch(TelemetryLimits.Default);
            var reader = _pending.Reader;
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryPeek(out var sample) && batch.TryAdd(sample))
                {
                    reader.TryRead(out _);
                }

                await PublishUntilSettledAsync(link, batch, cancellationToken, inFlight);
                batch.Clear();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        lock (_timerLock)
        {
            _timer = timer;
            timer.Period = _interval;
        }

        _liveStarted.TrySetResult();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                ReportNow();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_timerLock)
            {
                _timer = null;
            }
        }
    }

    // A sample of this moment, queued for upload (every tick, and at once when a command changed the state).
    private void ReportNow()
    {
        var now = _timeProvider.GetUtcNow();
        byte[] sample;
        lock (_timerLock)
        {
            sample = TelemetryBatch.Serialize(now.ToUnixTimeMilliseconds(), Model.Read(now));
        }

        _pending.Writer.TryWrite(sample);
    }

    private void ChangeInterval(TimeSpan interval)
    {
        lock (_timerLock)
        {
            _interval = interval;
            if (_timer is { } timer)
            {
                timer.Period = interval;
            }
        }
    }

    // Uploads one payload until the server stores or refuses it; a lost connection means reconnect and retry.
    // An upload already sent waits for its answer on inFlight, which outlives the stop by a few seconds.
    private async Task PublishUntilSettledAsync(DeviceLink link, TelemetryBatch batch, CancellationToken cancellationToken, CancellationToken inFlight)
    {
        var payload = batch.ToPayload();
        while (true)
        {
            await link.ConnectAsync(cancellationToken);
            _counters.AddPublished(batch.Count);
            PublishOutcome outcome;
            try
            {
                outcome = await link.PublishAsync(payload, inFlight);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _counters.AddFailed(batch.Count);
                LogPublishLost(Spec.DeviceId, batch.Count, e.Message);
                if (link.IsConnected)
                {
                    // Timed out on a live connection: give the server a moment before sending again.
                    await Task.Delay(_options.ReconnectDelay, _timeProvider, cancellationToken);
                }

                continue;
            }

            if (outcome.Acknowledged)
            {
                _counters.AddAcknowledged(batch.Count);
            }
            else
            {
                _counters.AddFailed(batch.Count);
                LogPublishRefused(Spec.DeviceId, batch.Count, outcome.Refusal ?? "");
            }

            return;
        }
    }
}
