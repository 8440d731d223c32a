using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Wattline.Contracts;
using Wattline.Contracts.Live;
using Wattline.Contracts.Telemetry;

namespace Wattline.Bench;

/// <summary>
/// Time from a device's publish to the moment a subscriber has the reading, one message at a time on an
/// idle server (10 ms apart). Wattline: MQTT publish, validated, stored durably, pushed on the live
/// WebSocket. Mosquitto: MQTT publish to an MQTT subscriber.
/// </summary>
public static class Latency
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(10);

    public static async Task<Percentiles> WattlineAsync(WattlineTarget target, int messages)
    {
        var device = await target.CreateDeviceAsync("latency", "smart_socket");
        using var publisher = await Mqtt.ConnectAsync(target.MqttPort, device.Device.Id, device.Device.Id, device.Token);
        using var live = new ClientWebSocket();
        live.Options.SetRequestHeader("Authorization", $"Bearer {target.ApiKey}");
        await live.ConnectAsync(new Uri($"ws://127.0.0.1:{target.HttpPort}/api/v1/live"), CancellationToken.None);
        var subscribe = JsonSerializer.SerializeToUtf8Bytes(new LiveSubscribeRequest([device.Device.Id], null), WattlineJsonContext.Default.LiveSubscribeRequest);
        await live.SendAsync(subscribe, WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[16 * 1024];
        await ReceiveAsync(live, buffer);
        var samples = new List<double>(messages);
        for (var i = 0; i < messages; i++)
        {
            var value = (i % 3000) + 0.5;
            var started = Stopwatch.GetTimestamp();
            var publish = publisher.PublishAsync(Mqtt.Message(Topics.Telemetry(device.Device.Id), Payload(value)));
            LiveMessage message;
            do
            {
                message = await ReceiveAsync(live, buffer);
            }
            while (message.Type != LiveMessage.ReadingType || message.Metrics!["active_power"] != value);

            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await publish;
            await Task.Delay(Gap);
        }

        return Percentiles.Of(samples);
    }

    public static async Task<Percentiles> MosquittoAsync(MosquittoTarget target, int messages)
    {
        const string Topic = "bench/latency";
        using var publisher = await Mqtt.ConnectAsync(target.Port, "bench-publisher");
        using var subscriber = await Mqtt.ConnectAsync(target.Port, "bench-subscriber");
        TaskCompletionSource<string>? waiting = null;
        subscriber.ApplicationMessageReceivedAsync += args =>
        {
            waiting?.TrySetResult(Encoding.UTF8.GetString(args.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync(Topic, MqttQualityOfServiceLevel.AtLeastOnce);
        var samples = new List<double>(messages);
        for (var i = 0; i < messages; i++)
        {
            var payload = Payload((i % 3000) + 0.5);
            waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            var publish = publisher.PublishAsync(Mqtt.Message(Topic, payload));
            await waiting.Task;
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await publish;
            await Task.Delay(Gap);
        }

        return Percentiles.Of(samples);
    }

    private static string Payload(double value) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"metrics":{"active_power":{{{value}}},"voltage":230.1,"current":0.52}}""");

    private static async Task<LiveMessage> ReceiveAsync(ClientWebSocket socket, byte[] buffer)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonSerializer.Deserialize(buffer.AsSpan(0, length), WattlineJsonContext.Default.LiveMessage)!;
    }
}
