using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Gateway.Configuration;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator.Modbus;
using static Wattline.Server.Tests.Gateways.GatewayPollingTests;

namespace Wattline.Server.Tests.Gateways;

/// <summary>
/// The server is down for an hour of the gateway's clock while it polls every second; the gateway's clock is a fake
/// one, moved a second at a time once the previous poll is in the buffer, so the hour takes seconds to run.
/// </summary>
public sealed class GatewayOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromHours(1);

    [Fact]
    public async Task Outage_AnHourWithoutServer_EveryReadingArrivesOnceUnderItsMeter()
    {
        await using var server = await WattlineServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()).AddHours(-3));
        await using var bus = new SimulatedModbusBus([new(1, "sdm630"), new(2, "pzem004t")], 5, Site, clock);
        bus.StartTcp(IPAddress.Loopback, 0);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "lan", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort }, TimeoutMs = 3000 }],
            [Meter("grid", "Grid", "lan", 1, "sdm630"), Meter("workshop", "Workshop", "lan", 2, "pzem004t")],
            clock);
        var from = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await RunAsync(clock, gateway, TimeSpan.FromSeconds(10));
        await DrainAsync(clock, gateway);

        await server.StopAsync();
        await RunAsync(clock, gateway, Outage);
        var waiting = gateway.Buffer.Depth;
        await server.StartOnSamePortAsync();
        await DrainAsync(clock, gateway);
        var to = clock.GetUtcNow().ToUnixTimeMilliseconds() + 1;

        var meters = await MetersOfAsync(server, gateway.GatewayId);
        var grid = await CountAsync(server, meters.Single(m => m.MeterKey == "grid").Id, "voltage_l1", from, to);
        var workshop = await CountAsync(server, meters.Single(m => m.MeterKey == "workshop").Id, "voltage", from, to);
        // Each meter's counter reached its own device: the last stored value is the one its simulated meter has now.
        var workshopEnergy = (await LatestAsync(server, meters.Single(m => m.MeterKey == "workshop").Id))["energy_import"];
        var gridEnergy = (await LatestAsync(server, meters.Single(m => m.MeterKey == "grid").Id))["energy_import"];

        Assert.True(waiting >= 2 * 3600, $"{waiting} readings waited through the outage");
        Assert.Equal(gateway.Meters.Single(m => m.Key == "grid").Readings, grid);
        Assert.Equal(gateway.Meters.Single(m => m.Key == "workshop").Readings, workshop);
        Assert.Equal(Math.Floor(bus.Meters[2].Model.EnergyImportWh), workshopEnergy);
        Assert.InRange(gridEnergy, bus.Meters[1].Model.EnergyImportWh - 16, bus.Meters[1].Model.EnergyImportWh + 16);
        Assert.Equal(0, gateway.Buffer.DroppedTotal);
        Assert.Contains(gateway.Log, l => l.Contains("Cannot reach the server", StringComparison.Ordinal));
        Assert.Contains(gateway.Log, l => l.Contains("after the outage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outage_LongerThanTheDiskBudget_OldestDroppedAndCounted()
    {
        await using var server = await WattlineServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()).AddHours(-3));
        await using var bus = new SimulatedModbusBus([new(1, "sdm630")], 5, Site, clock);
        bus.StartTcp(IPAddress.Loopback, 0);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "lan", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort }, TimeoutMs = 3000 }],
            [Meter("grid", "Grid", "lan", 1, "sdm630")],
            clock,
            options => options.Buffer.MaxMegabytes = 1);
        await RunAsync(clock, gateway, TimeSpan.FromSeconds(5));
        await DrainAsync(clock, gateway);
        var polledBefore = gateway.Meters.Single().Readings;
        var outageStart = clock.GetUtcNow().ToUnixTimeMilliseconds();

        await server.StopAsync();
        await RunAsync(clock, gateway, Outage);
        await server.StartOnSamePortAsync();
        await DrainAsync(clock, gateway);
        var to = clock.GetUtcNow().ToUnixTimeMilliseconds() + 1;

        var dropped = gateway.Buffer.DroppedTotal;
        var grid = (await MetersOfAsync(server, gateway.GatewayId)).Single().Id;
        var stored = await CountAsync(server, grid, "voltage_l1", outageStart + 1, to);
        var firstStored = (await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{grid}/series/voltage_l1?from={Query.Iso(outageStart + 1)}&to={Query.Iso(to)}&maxPoints=10000",
            WattlineJsonContext.Default.SeriesDto))!.Points.Min(p => p.Ts);
        var status = await Eventually.MatchAsync(
            () => server.Http.GetFromJsonAsync($"api/v1/devices/{gateway.GatewayId}/gateway", WattlineJsonContext.Default.GatewayStatusDto),
            s => s!.Buffer?.Dropped == dropped,
            TimeSpan.FromSeconds(20));

        Assert.InRange(dropped, 500, 3000);
        // What was polled during the outage and afterwards, less what was dropped: nothing else is missing.
        var polledSince = gateway.Meters.Single().Readings - polledBefore;
        Assert.Equal(polledSince - dropped, stored);
        // The oldest went first: the first reading of the outage kept is the one after the dropped ones.
        var expectedFirst = outageStart + ((dropped + 1) * 1000);
        Assert.InRange(firstStored, expectedFirst - 500, expectedFirst + 500);
        Assert.Contains(gateway.Log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Dropped", StringComparison.Ordinal) && l.Contains("disk budget", StringComparison.Ordinal));
        Assert.Equal(dropped, status!.Buffer!.Dropped);
    }

    // Moves the gateway's clock on a second at a time, each step once every meter's poll of the second before is done.
    private static async Task RunAsync(FakeTimeProvider clock, GatewayRig gateway, TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromSeconds(1))
        {
            var before = Polls(gateway);
            clock.Advance(TimeSpan.FromSeconds(1));
            var deadline = TimeProvider.System.GetTimestamp() + (30 * TimeProvider.System.TimestampFrequency);
            while (Polls(gateway) < before + gateway.Meters.Count)
            {
                Assert.True(TimeProvider.System.GetTimestamp() < deadline, "a poll did not finish within 30 s: " + string.Join("; ", gateway.Meters.Select(m => $"{m.Key} polls {m.Polls} readings {m.Readings} failures {m.ConsecutiveFailures} {m.LastError}")) + " | " + string.Join(" | ", gateway.Log));
                await Task.Delay(1);
            }
        }
    }

    private static long Polls(GatewayRig gateway) => gateway.Meters.Sum(m => m.Polls);

    // After the server is back: time goes on until the uploader's back-off has passed and the buffer is empty.
    private static async Task DrainAsync(FakeTimeProvider clock, GatewayRig gateway)
    {
        for (var i = 0; i < 600 && gateway.Buffer.Depth > 0; i++)
        {
            await RunAsync(clock, gateway, TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await Eventually.MatchAsync(() => Task.FromResult(gateway.Buffer.Depth), d => d == 0, TimeSpan.FromSeconds(30));
    }

    private static async Task<long> CountAsync(WattlineServer server, string deviceId, string metric, long from, long to)
    {
        var series = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{deviceId}/series/{metric}?from={Query.Iso(from)}&to={Query.Iso(to)}&maxPoints=10000",
            WattlineJsonContext.Default.SeriesDto);
        return series!.Points.Sum(p => (long)p.Count);
    }
}
