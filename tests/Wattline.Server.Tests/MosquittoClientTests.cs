using System.Diagnostics;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>Debian's mosquitto clients as outside devices: another MQTT implementation talking to the embedded broker.</summary>
public sealed class MosquittoClientTests
{
    [Fact]
    public async Task MosquittoPub_Telemetry_Stored()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Tasmota-like plug", "smart_socket");

        var (code, output) = await RunAsync("mosquitto_pub",
            "-h", "127.0.0.1", "-p", server.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-V", "mqttv311", "-q", "1", "-i", created.Device.Id,
            "-u", created.Device.Id, "-P", created.Token,
            "-t", Topics.Telemetry(created.Device.Id),
            "-m", """{"metrics":{"active_power":42.4,"voltage":229.8}}""");

        Assert.True(code == 0, output);
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(42.4, latest!.Single(l => l.Metric == "active_power").Value);
    }

    [Fact]
    public async Task MosquittoSub_InvalidPublish_ReceivesRefusalOnStatusTopic()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        var port = server.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var statusTopic = Topics.Status(created.Device.Id);
        // mosquitto_sub with -C 1 exits after the first message; -W bounds its wait.
        var subscriber = RunAsync("mosquitto_sub",
            "-h", "127.0.0.1", "-p", port, "-q", "1", "-C", "1", "-W", "20",
            "-i", created.Device.Id + "-sub", "-u", created.Device.Id, "-P", created.Token, "-t", statusTopic);
        // The subscription is in force some time after the connection; publish until the subscriber hears a refusal.
        var publishes = 0;
        while (!subscriber.IsCompleted && publishes < 50)
        {
            var (pubCode, pubOutput) = await RunAsync("mosquitto_pub",
                "-h", "127.0.0.1", "-p", port, "-q", "1", "-i", created.Device.Id,
                "-u", created.Device.Id, "-P", created.Token,
                "-t", Topics.Telemetry(created.Device.Id), "-m", """{"metrics":{"relay_1":7}}""");
            Assert.True(pubCode == 0, pubOutput);
            publishes++;
            await Task.WhenAny(subscriber, Task.Delay(200));
        }

        var (subCode, status) = await subscriber;

        Assert.True(subCode == 0, status);
        Assert.Contains("metrics.relay_1", status, StringComparison.Ordinal);
        Assert.Contains("0 (off) or 1 (on)", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MosquittoSub_OtherDevicesTopic_Denied()
    {
        await using var server = await WattlineServer.StartAsync();
        var a = await server.CreateDeviceAsync("A", "smart_socket");
        var b = await server.CreateDeviceAsync("B", "smart_socket");

        var (code, output) = await RunAsync("mosquitto_sub",
            "-h", "127.0.0.1", "-p", server.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5",
            "-C", "1", "-W", "3", "-i", a.Device.Id, "-u", a.Device.Id, "-P", a.Token, "-t", Topics.Telemetry(b.Device.Id));

        // mosquitto_sub reports a refused SUBACK as "All subscription requests were denied."
        Assert.True(output.Contains("denied", StringComparison.OrdinalIgnoreCase), $"exit {code}: {output}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
