using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator;

/// <summary>
/// One simulated device on its own MQTT connection: announces itself, optionally backfills history,
/// then publishes a sample every interval. Samples taken while the connection is down are kept
/// (up to <see cref="SimulatorOptions.MaxBufferedSamples"/>) and sent as a batch after reconnecting.
/// </summary>
public sealed partial class SimulatedDevice
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FleetCounters _counters;
    private readonly MqttClientOptions _mqttOptions;
    private readonly Channel<byte[]> _pending;
    private readonly TaskCompletionSource _liveStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connected;
    private TaskCompletionSource? _attemptClosed;

    public SimulatedDevice(SimulatedDeviceSpec spec, SimulatorOptions options, TimeProvider timeProvider, ILogger<SimulatedDevice> logger, FleetCounters? counters = null)
    {
        Spec = spec;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _counters = counters ?? new FleetCounters();
        Model = DeviceModelFactory.Create(spec.Kind, spec.Profile, spec.Relays, spec.Seed, options.CreateSite(timeProvider), spec.StartCounters);
        _pending = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.MaxBufferedSamples)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        _mqttOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(options.MqttHost, options.MqttPort)
            .WithClientId(spec.DeviceId)
            .WithCredentials(spec.DeviceId, spec.Token)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(15))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithWillTopic(Topics.State(spec.DeviceId))
            .WithWillPayload("offline")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain()
            .Build();
    }

    public SimulatedDeviceSpec Spec { get; }

    /// <summary>The device's measurements; sockets and inverters can be switched or limited through it.</summary>
    public DeviceModel Model { get; }

    public bool IsConnected => Volatile.Read(ref _connected) == 1;

    /// <summary>Completes once live sampling runs, so a test driving a fake clock knows that advancing it takes samples.</summary>
    internal Task LiveStarted => _liveStarted.Task;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled, then lets a publish in flight
    /// finish (for a few seconds at most), marks the device offline and disconnects.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        using var inFlight = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var stopping = cancellationToken.Register(() => inFlight.CancelAfter(StopTimeout));
        try
        {
            await ConnectAsync(client, cancellationToken);
            await BackfillAsync(client, cancellationToken, inFlight.Token);
            await LiveAsync(client, cancellationToken, inFlight.Token);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever failed while stopping failed because of the stop.
        }
        finally
        {
            await StopAsync(client);
        }
    }

    private async Task BackfillAsync(IMqttClient client, CancellationToken cancellationToken, CancellationToken inFlight)
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

            await PublishUntilSettledAsync(client, batch, cancellationToken, inFlight);
            total += batch.Count;
            batch.Clear();
        }

        LogBackfillDone(Spec.DeviceId, total);
    }

    private async Task LiveAsync(IMqttClient client, CancellationToken cancellationToken, CancellationToken inFlight)
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

                await PublishUntilSettledAsync(client, batch, cancellationToken, inFlight);
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
        using var timer = new PeriodicTimer(_options.Interval, _timeProvider);
        _liveStarted.TrySetResult();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = _timeProvider.GetUtcNow();
                _pending.Writer.TryWrite(TelemetryBatch.Serialize(now.ToUnixTimeMilliseconds(), Model.Read(now)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Publishes one payload until the server acknowledges or refuses it; a lost connection means reconnect and retry.
    // A publish already sent waits for its acknowledgement on inFlight, which outlives the stop by a few seconds.
    private async Task PublishUntilSettledAsync(IMqttClient client, TelemetryBatch batch, CancellationToken cancellationToken, CancellationToken inFlight)
    {
        var payload = batch.ToPayload();
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Telemetry(Spec.DeviceId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        while (true)
        {
            await ConnectAsync(client, cancellationToken);
            _counters.AddPublished(batch.Count);
            MqttClientPublishResult result;
            try
            {
                result = await client.PublishAsync(message, inFlight);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _counters.AddFailed(batch.Count);
                LogPublishLost(Spec.DeviceId, batch.Count, e.Message);
                if (client.IsConnected)
                {
                    // Timed out on a live connection: give the server a moment before sending again.
                    await Task.Delay(_options.ReconnectDelay, _timeProvider, cancellationToken);
                }

                continue;
            }

            if (result.IsSuccess)
            {
                _counters.AddAcknowledged(batch.Count);
            }
            else
            {
                _counters.AddFailed(batch.Count);
                LogPublishRefused(Spec.DeviceId, batch.Count, result.ReasonCode, result.ReasonString ?? "");
            }

            return;
        }
    }

    private async Task StopAsync(IMqttClient client)
    {
        if (Interlocked.Exchange(ref _connected, 0) == 1)
        {
            _counters.DeviceDisconnected();
        }

        if (!client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(StopTimeout, _timeProvider);
        try
        {
            await client.PublishStringAsync(Topics.State(Spec.DeviceId), "offline", MqttQualityOfServiceLevel.AtLeastOnce, retain: true, timeout.Token);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
        }
        catch (Exception e)
        {
            LogStopFailed(Spec.DeviceId, e.Message);
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var text = e.ApplicationMessage.ConvertPayloadToString() ?? "";
        LogServerStatus(Spec.DeviceId, e.ApplicationMessage.Topic, text.Length > 1000 ? text[..1000] : text);
        return Task.CompletedTask;
    }
}
