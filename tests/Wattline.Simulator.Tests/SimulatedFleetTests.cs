using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts.Devices;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class SimulatedFleetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RunAsync_TwoDevices_StartsThemStaggeredAndCountsTheirSamples()
    {
        var tokens = new Dictionary<string, string> { ["dfridge"] = "wlt_a", ["dsolar"] = "wlt_b" };
        await using var broker = await TestBroker.StartAsync(tokens);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));
        var options = new SimulatorOptions { MqttHost = "127.0.0.1", MqttPort = broker.Port, TimeZone = "Europe/Vienna", BackfillFrom = time.GetUtcNow().AddMinutes(-10) };
        var fleet = new SimulatedFleet(options, time, NullLoggerFactory.Instance);
        SimulatedDeviceSpec[] specs =
        [
            new("dfridge", "wlt_a", DeviceKind.SmartSocket, DeviceProfiles.Fridge, 1, DemoHome.Seed),
            new("dsolar", "wlt_b", DeviceKind.SolarInverter, DeviceProfiles.Rooftop, 0, DemoHome.Seed),
        ];
        using var stop = new CancellationTokenSource();

        var run = fleet.RunAsync(specs, stop.Token);
        var first = await broker.NextAsync("telemetry");
        Assert.StartsWith("wattline/v1/dfridge/", first.Topic, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(2.5));
        while (!(await broker.NextAsync("telemetry")).Topic.StartsWith("wattline/v1/dsolar/", StringComparison.Ordinal))
        {
        }

        Assert.True(fleet.TryGetDevice("dfridge", out var fridge));
        Assert.IsType<SmartSocketModel>(fridge.Model);
        Assert.Equal(2, fleet.Status.Devices);

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        var status = fleet.Status;
        Assert.Equal((0, 0, 0L), (status.Devices, status.Connected, status.Failed));
        Assert.InRange(status.Published, 20, 22);
        Assert.Equal(status.Published, status.Acknowledged);
    }

    [Fact]
    public async Task RunAsync_UnknownProfile_ThrowsBeforeStarting()
    {
        var fleet = new SimulatedFleet(new SimulatorOptions(), new FakeTimeProvider(), NullLoggerFactory.Instance);
        SimulatedDeviceSpec[] specs = [new("d1", "t", DeviceKind.Gateway, "toaster", 0, 1)];

        await Assert.ThrowsAsync<ArgumentException>(() => fleet.RunAsync(specs, CancellationToken.None));
    }
}
