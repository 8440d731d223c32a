using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator;

// Connecting with backoff, announcing the device, and noticing when the connection is gone.
public sealed partial class SimulatedDevice
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private async Task ConnectAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectDelay;
        var failures = 0;
        while (!client.IsConnected)
        {
            // The client accepts a new connection only once it has finished closing the last one, which
            // its disconnected event reports; waiting for it also keeps that event from arriving late.
            if (Volatile.Read(ref _attemptClosed) is { } closed)
            {
                try
                {
                    await closed.Task.WaitAsync(CloseWait, _timeProvider, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // An attempt refused before it began raises no event; there is nothing to wait for.
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            Volatile.Write(ref _attemptClosed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                var result = await client.ConnectAsync(_mqttOptions, cancellationToken);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
                }

                await AnnounceAsync(client, cancellationToken);
                if (Interlocked.Exchange(ref _connected, 1) == 0)
                {
                    _counters.DeviceConnected();
                }

                LogConnected(Spec.DeviceId, _options.MqttHost, _options.MqttPort);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A connection that failed while announcing is dropped so the next attempt announces again.
                await client.TryDisconnectAsync();
                if (failures++ == 0)
                {
                    LogConnectFailed(Spec.DeviceId, _options.MqttHost, _options.MqttPort, e.Message);
                }
                else
                {
                    LogConnectRetry(Spec.DeviceId, failures, e.Message);
                }

                // Jitter keeps a fleet from reconnecting in lockstep after the broker comes back.
                var jitter = 0.75 + (Random.Shared.NextDouble() * 0.5);
                await Task.Delay(delay * jitter, _timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Task AnnounceAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        await client.SubscribeAsync(Topics.Status(Spec.DeviceId), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        await client.PublishStringAsync(Topics.State(Spec.DeviceId), "online", MqttQualityOfServiceLevel.AtLeastOnce, retain: true, cancellationToken);
        var rssi = -48 - (int)Noise.Between(Spec.Seed, 950, Spec.DeviceId.Length, 0, 25);
        var info = new DeviceInfoMessage(_options.Firmware, rssi, Model.Capabilities);
        var payload = JsonSerializer.SerializeToUtf8Bytes(info, WattlineJsonContext.Default.DeviceInfoMessage);
        await client.PublishBinaryAsync(Topics.Info(Spec.DeviceId), payload, MqttQualityOfServiceLevel.AtLeastOnce, retain: false, cancellationToken);
    }

    // Raised once per connection attempt, successful or not, after the client has fully closed it.
    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (Interlocked.Exchange(ref _connected, 0) == 1)
        {
            _counters.DeviceDisconnected();
            LogDisconnected(Spec.DeviceId, e.Reason, e.Exception?.Message ?? "");
        }

        Volatile.Read(ref _attemptClosed)?.TrySetResult();
        return Task.CompletedTask;
    }
}
