using System.Diagnostics;
using System.Globalization;
using MQTTnet;
using Wattline.Contracts.Telemetry;

namespace Wattline.Bench;

/// <summary>
/// Many devices publishing QoS 1 as fast as their acknowledgements allow (one in flight per device), for a
/// fixed time; the figure is acknowledged publishes per second. Each publish is one sample of 5 metrics.
/// </summary>
public static class Throughput
{
    public static async Task<double> WattlineAsync(WattlineTarget target, BenchSettings settings)
    {
        var clients = new List<(IMqttClient Client, string Topic)>();
        for (var i = 0; i < settings.Devices; i++)
        {
            var device = await target.CreateDeviceAsync($"load {i}", "single_phase_meter");
            clients.Add((await Mqtt.ConnectAsync(target.MqttPort, device.Device.Id, device.Device.Id, device.Token), Topics.Telemetry(device.Device.Id)));
        }

        return await RunAsync(clients, settings.Seconds);
    }

    public static async Task<double> MosquittoAsync(MosquittoTarget target, BenchSettings settings)
    {
        var clients = new List<(IMqttClient Client, string Topic)>();
        for (var i = 0; i < settings.Devices; i++)
        {
            clients.Add((await Mqtt.ConnectAsync(target.Port, $"load-{i}"), $"bench/load/{i}"));
        }

        return await RunAsync(clients, settings.Seconds);
    }

    private static async Task<double> RunAsync(List<(IMqttClient Client, string Topic)> clients, int seconds)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var started = Stopwatch.GetTimestamp();
        var counts = await Task.WhenAll(clients.Select(c => PublishLoopAsync(c.Client, c.Topic, stop.Token)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        foreach (var (client, _) in clients)
        {
            await client.DisconnectAsync();
            client.Dispose();
        }

        return counts.Sum() / elapsed;
    }

    private static async Task<long> PublishLoopAsync(IMqttClient client, string topic, CancellationToken stop)
    {
        long acknowledged = 0;
        var sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            var payload = string.Create(CultureInfo.InvariantCulture,
                $$$"""{"metrics":{"active_power":{{{sequence % 5000}}}.5,"voltage":230.{{{sequence % 10}}},"current":1.{{{sequence % 1000:000}}},"power_factor":0.97,"frequency":50.01}}""");
            var result = await client.PublishAsync(Mqtt.Message(topic, payload), CancellationToken.None);
            if (result.IsSuccess)
            {
                acknowledged++;
            }

            sequence++;
        }

        return acknowledged;
    }
}
