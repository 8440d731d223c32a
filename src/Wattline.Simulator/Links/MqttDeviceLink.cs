using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Links;

/// <summary>
/// The MQTT link: device id and token as credentials, a retained "offline" last will, telemetry with QoS 1 (the
/// PUBACK says it is stored), commands on the device's command topic and results on its results topic.
/// </summary>
internal sealed class MqttDeviceLink : DeviceLink
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly IMqttClient _client;
    private readonly MqttClientOptions _mqttOptions;
    private TaskCompletionSource? _attemptClosed;

    public MqttDeviceLink(SimulatedDeviceSpec spec, SimulatorOptions options, TimeProvider timeProvider, ILogger logger, FleetCounters counters)
        : base(spec, options, timeProvider, logger, counters)
    {
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
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    protected override string Endpoint => $"{Options.MqttHost}:{Options.MqttPort}";

    public override async Task<PublishOutcome> PublishAsync(byte[] payload, CancellationToken inFlight)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Telemetry(Spec.DeviceId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.PublishAsync(message, inFlight);
        return result.IsSuccess ? PublishOutcome.Stored : PublishOutcome.Refused($"{result.ReasonCode} {result.ReasonString}");
    }

    public override async Task SendResultAsync(CommandResultMessage result, CancellationToken cancellationToken)
    {
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(result, WattlineJsonContext.Default.CommandResultMessage);
            await _client.PublishBinaryAsync(Topics.Results(Spec.DeviceId), payload, MqttQualityOfServiceLevel.AtLeastOnce, retain: false, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogResultLost(Spec.DeviceId, e.Message);
        }
    }

    public override async Task StopAsync()
    {
        MarkDisconnected();
        if (!_client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(StopTimeout, Time);
        try
        {
            await _client.PublishStringAsync(Topics.State(Spec.DeviceId), "offline", MqttQualityOfServiceLevel.AtLeastOnce, retain: true, timeout.Token);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
        }
        catch (Exception e)
        {
            LogStopFailed(Spec.DeviceId, e.Message);
        }
    }

    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // The client accepts a new connection only once it has finished closing the last one, which its disconnected
    // event reports; waiting for it also keeps that event from arriving late.
    protected override async Task BeforeAttemptAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _attemptClosed) is { } closed)
        {
            try
            {
                await closed.Task.WaitAsync(CloseWait, Time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // An attempt refused before it began raises no event; there is nothing to wait for.
            }
        }
    }

    protected override async Task AttemptAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _attemptClosed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var result = await _client.ConnectAsync(_mqttOptions, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }

        await _client.SubscribeAsync(Topics.Status(Spec.DeviceId), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        await _client.SubscribeAsync(Topics.Commands(Spec.DeviceId), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        await _client.PublishStringAsync(Topics.State(Spec.DeviceId), "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true, cancellationToken);
        var payload = JsonSerializer.SerializeToUtf8Bytes(Info(), WattlineJsonContext.Default.DeviceInfoMessage);
        await _client.PublishBinaryAsync(Topics.Info(Spec.DeviceId), payload, MqttQualityOfServiceLevel.AtLeastOnce, retain: false, cancellationToken);
    }

    // A connection that failed while announcing is dropped so the next attempt announces again.
    protected override Task AfterFailedAttemptAsync() => _client.TryDisconnectAsync();

    // Raised once per connection attempt, successful or not, after the client has fully closed it.
    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (MarkDisconnected())
        {
            LogDisconnected(Spec.DeviceId, $"{e.Reason} {e.Exception?.Message}".Trim());
        }

        Volatile.Read(ref _attemptClosed)?.TrySetResult();
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (topic == Topics.Commands(Spec.DeviceId))
        {
            try
            {
                var payload = e.ApplicationMessage.Payload;
                var command = JsonSerializer.Deserialize(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray(), WattlineJsonContext.Default.DeviceCommandMessage);
                if (command is not null)
                {
                    // Executed on the device's command loop, not here: publishing a result from inside the client's
                    // receive handler would wait on the loop that is running it.
                    Commands.Writer.TryWrite(command);
                }
            }
            catch (JsonException ex)
            {
                LogBadCommand(Spec.DeviceId, ex.Message);
            }

            return Task.CompletedTask;
        }

        var text = e.ApplicationMessage.ConvertPayloadToString() ?? "";
        LogServerStatus(Spec.DeviceId, topic, text.Length > 1000 ? text[..1000] : text);
        return Task.CompletedTask;
    }
}
