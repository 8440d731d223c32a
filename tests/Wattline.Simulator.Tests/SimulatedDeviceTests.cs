using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Protocol;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class SimulatedDeviceTests
{
    private const string DeviceId = "dsim12345678";
    private const string Token = "wlt_test-token";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 5, 5, 10, 0, 0, TimeSpan.Zero));
    private readonly CapturingLogger<SimulatedDevice> _logger = new();

    [Fact]
    public async Task RunAsync_WithBackfill_AnnouncesBackfillsThenPublishesLiveSamples()
    {
        await using var broker = await TestBroker.StartAsync(DeviceId, Token);
        var counters = new FleetCounters();
        var device = CreateDevice(broker, counters, backfill: TimeSpan.FromHours(2));
        using var stop = new CancellationTokenSource();
        var run = device.RunAsync(stop.Token);

        var online = await broker.NextAsync("state");
        Assert.Equal(("online", true, MqttQualityOfServiceLevel.AtLeastOnce), (online.Text, online.Retain, online.Qos));
        var info = JsonSerializer.Deserialize((await broker.NextAsync("info")).Payload, WattlineJsonContext.Default.DeviceInfoMessage)!;
        Assert.Equal("sim-1.0.0", info.Firmware);
        Assert.Equal(["relay_1", "relay_2"], info.Capabilities);
        Assert.InRange(info.Rssi ?? 0, -80, -40);

        var backfill = await broker.NextAsync("telemetry");
        Assert.Equal(120, Decode(backfill.Payload).Count);

        await device.LiveStarted.WaitAsync(Patience);
        _time.Advance(TimeSpan.FromSeconds(5));
        var live = Decode((await broker.NextAsync("telemetry")).Payload);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), Assert.Single(live).TimestampMs);

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        var offline = await broker.NextAsync("state");
        Assert.Equal(("offline", true), (offline.Text, offline.Retain));
        Assert.Equal((121, 121, 0L, 0), (counters.Published, counters.Acknowledged, counters.Failed, counters.Connected));
        Assert.DoesNotContain(_logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RunAsync_ServerRefusesTelemetry_CountsFailuresAndLogsTheStatusTopic()
    {
        await using var broker = await TestBroker.StartAsync(DeviceId, Token);
        broker.RefuseTelemetry = MqttPubAckReasonCode.PayloadFormatInvalid;
        var counters = new FleetCounters();
        var device = CreateDevice(broker, counters, backfill: null);
        using var stop = new CancellationTokenSource();
        var run = device.RunAsync(stop.Token);
        await device.LiveStarted.WaitAsync(Patience);

        await broker.SendAsync(Topics.Status(DeviceId), """{"error":"metrics.voltage: out of range"}""");
        _time.Advance(TimeSpan.FromSeconds(5));
        await broker.NextAsync("telemetry");
        _time.Advance(TimeSpan.FromSeconds(5));
        await broker.NextAsync("telemetry");

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.True(counters.Failed >= 1);
        Assert.Equal(0, counters.Acknowledged);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("PayloadFormatInvalid", StringComparison.Ordinal));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("out of range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ConnectionDropped_WillFiresThenDeviceReconnectsAndCarriesOn()
    {
        await using var broker = await TestBroker.StartAsync(DeviceId, Token);
        var counters = new FleetCounters();
        var device = CreateDevice(broker, counters, backfill: null);
        using var stop = new CancellationTokenSource();
        var run = device.RunAsync(stop.Token);
        await device.LiveStarted.WaitAsync(Patience);
        Assert.Equal("online", (await broker.NextAsync("state")).Text);

        await broker.DropAsync(DeviceId);
        var will = await broker.NextAsync("state");

        // The broker sends the will before the client has noticed; the next sample must find it disconnected.
        await WaitUntilAsync(() => counters.Connected == 0);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(("offline", true), (will.Text, will.Retain));
        Assert.Equal("online", (await broker.NextAsync("state")).Text);
        Assert.Single(Decode((await broker.NextAsync("telemetry")).Payload));
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal((1, 0), (counters.Acknowledged, counters.Connected));
    }

    [Fact]
    public async Task RunAsync_CommandOnItsTopic_ExecutesOnceAnswersAndReportsTheNewState()
    {
        await using var broker = await TestBroker.StartAsync(DeviceId, Token);
        var device = CreateDevice(broker, new FleetCounters(), backfill: null);
        using var stop = new CancellationTokenSource();
        var run = device.RunAsync(stop.Token);
        await device.LiveStarted.WaitAsync(Patience);
        var expires = _time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds();
        var command = $$"""{"id":"c-1","name":"relay","params":{"relay":1,"action":"off"},"expiresAt":{{expires}}}""";

        await broker.SendAsync(Topics.Commands(DeviceId), command);
        // The result, and the new state at once without waiting for the next interval, in either order.
        var first = await broker.NextAsync("results", "telemetry");
        var second = await broker.NextAsync(first.Topic.EndsWith("/results", StringComparison.Ordinal) ? "telemetry" : "results");
        var (answer, state) = first.Topic.EndsWith("/results", StringComparison.Ordinal) ? (first, second) : (second, first);
        var result = JsonSerializer.Deserialize(answer.Payload, WattlineJsonContext.Default.CommandResultMessage)!;
        var sample = Assert.Single(Decode(state.Payload));
        await broker.SendAsync(Topics.Commands(DeviceId), command);
        var repeated = JsonSerializer.Deserialize((await broker.NextAsync("results")).Payload, WattlineJsonContext.Default.CommandResultMessage)!;

        Assert.Equal(("c-1", "succeeded", 0.0), (result.Id, result.Status, result.State!["relay_1"]));
        Assert.Equal(0, sample.Values.Single(v => v.Metric == "relay_1").Value);
        Assert.Equal(result, repeated with { State = result.State });
        Assert.Equal(1, device.Commands.Executed);
        Assert.False(((SmartSocketModel)device.Model).GetRelay(1));
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task RunAsync_WrongToken_WarnsAndStopsCleanly()
    {
        await using var broker = await TestBroker.StartAsync(DeviceId, "wlt_other");
        var counters = new FleetCounters();
        var device = CreateDevice(broker, counters, backfill: null);
        using var stop = new CancellationTokenSource();
        var run = device.RunAsync(stop.Token);

        var warning = await _logger.FirstWarning.WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Contains("cannot connect", warning, StringComparison.Ordinal);
        Assert.Contains("BadUserNameOrPassword", warning, StringComparison.Ordinal);
        Assert.Equal((0, 0L), (counters.Connected, counters.Published));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, "The condition did not come true in time.");
            await Task.Delay(10);
        }
    }

    private SimulatedDevice CreateDevice(TestBroker broker, FleetCounters counters, TimeSpan? backfill)
    {
        var options = new SimulatorOptions
        {
            MqttHost = "127.0.0.1",
            MqttPort = broker.Port,
            TimeZone = "Europe/Vienna",
            BackfillFrom = backfill is { } history ? _time.GetUtcNow() - history : null,
        };
        var spec = new SimulatedDeviceSpec(DeviceId, Token, DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2, Seed: 5);
        return new SimulatedDevice(spec, options, _time, _logger, counters);
    }

    private IReadOnlyList<TelemetrySample> Decode(byte[] payload)
    {
        var ok = TelemetryDecoder.TryDecode(payload, DeviceKind.SmartSocket, 2, _time.GetUtcNow(), TelemetryLimits.Default, out var samples, out var error);
        Assert.True(ok, error?.ToString());
        return samples;
    }
}
