using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Gateway.Configuration;
using Wattline.Modbus;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Server.Tests.Gateways;

/// <summary>The gateway agent polls simulated Modbus meters (over TCP and over a socat serial pair) for a real server.</summary>
public sealed class GatewayPollingTests
{
    internal static readonly SimulationSite Site = new(TimeZoneInfo.Utc, 48, 0);

    [Fact]
    public async Task Gateway_TcpMeters_ReadingsArriveBeneathTheGateway()
    {
        await using var server = await WattlineServer.StartAsync();
        await using var bus = new SimulatedModbusBus([new(1, "sdm630"), new(2, "pzem004t"), new(3, "sunspec")], 7, Site, TimeProvider.System);
        bus.StartTcp(IPAddress.Loopback, 0);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "lan", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort } }],
            [Meter("grid", "Grid meter", "lan", 1, "sdm630"), Meter("workshop", "Workshop", "lan", 2, "pzem004t"), Meter("pv", "Roof", "lan", 3, "sunspec")]);

        var meters = await Eventually.MatchAsync(() => MetersOfAsync(server, gateway.GatewayId), m => m.Count == 3 && m.All(d => d.Online), TimeSpan.FromSeconds(30));
        var grid = meters.Single(m => m.MeterKey == "grid");
        var latest = await Eventually.MatchAsync(() => LatestAsync(server, grid.Id), l => l.ContainsKey("voltage_l3") && l.ContainsKey("energy_import"), TimeSpan.FromSeconds(30));
        var pv = await Eventually.MatchAsync(() => LatestAsync(server, meters.Single(m => m.MeterKey == "pv").Id), l => l.ContainsKey("dc_voltage"), TimeSpan.FromSeconds(30));
        var workshop = await Eventually.MatchAsync(() => LatestAsync(server, meters.Single(m => m.MeterKey == "workshop").Id), l => l.ContainsKey("energy_import"), TimeSpan.FromSeconds(30));

        Assert.Equal(["Grid meter", "Roof", "Workshop"], meters.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal("three_phase_meter", grid.Kind);
        Assert.Equal("solar_inverter", meters.Single(m => m.MeterKey == "pv").Kind);
        Assert.All(meters, m => Assert.Equal(server.HomeId, m.HomeId));
        Assert.InRange(latest["voltage_l3"], 200, 260);
        Assert.True(latest["energy_import"] > 1_000_000, "the SDM630's kWh counter arrives in Wh");
        Assert.InRange(pv["frequency"], 49, 51);
        Assert.InRange(workshop["voltage"], 200, 260);

        var status = await server.Http.GetFromJsonAsync($"api/v1/devices/{gateway.GatewayId}/gateway", WattlineJsonContext.Default.GatewayStatusDto);
        Assert.Equal(3, status!.Meters.Count(m => m.Online));
        Assert.Equal(["pzem004t", "sdm630", "sunspec"], status.Meters.Select(m => m.Profile!).Order(StringComparer.Ordinal));
        Assert.NotNull(status.Buffer);
    }

    [Fact]
    public async Task Gateway_SerialLineWithASilentMeter_OthersKeepReporting()
    {
        await using var server = await WattlineServer.StartAsync();
        await using var line = await VirtualSerialPair.StartAsync(TestContext.Current.CancellationToken);
        await using var bus = new SimulatedModbusBus([new(1, "sdm120"), new(2, "pzem004t")], 11, Site, TimeProvider.System);
        bus.StartSerial(new SerialSettings(line.MeterEnd, 9600), TimeProvider.System);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "rs485", Serial = new SerialOptions { Port = line.GatewayEnd, BaudRate = 9600 }, TimeoutMs = 200, Retries = 0 }],
            [Meter("heat-pump", "Heat pump", "rs485", 1, "sdm120"), Meter("workshop", "Workshop", "rs485", 2, "pzem004t"), Meter("garage", "Garage", "rs485", 9, "pzem004t")]);

        var meters = await Eventually.MatchAsync(
            () => MetersOfAsync(server, gateway.GatewayId),
            m => m.Count == 3 && m.Single(d => d.MeterKey == "garage") is { Online: false } && m.Where(d => d.MeterKey != "garage").All(d => d.Online),
            TimeSpan.FromSeconds(30));
        var before = gateway.Meters.Single(m => m.Key == "heat-pump").Readings;
        await Eventually.MatchAsync(() => Task.FromResult(gateway.Meters.Single(m => m.Key == "heat-pump").Readings), r => r >= before + 3, TimeSpan.FromSeconds(20));
        var heatPump = await LatestAsync(server, meters.Single(m => m.MeterKey == "heat-pump").Id);

        Assert.InRange(heatPump["voltage"], 200, 260);
        Assert.Contains(gateway.Log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("garage", StringComparison.Ordinal) && l.Contains("does not answer", StringComparison.Ordinal));
        var status = await server.Http.GetFromJsonAsync($"api/v1/devices/{gateway.GatewayId}/gateway", WattlineJsonContext.Default.GatewayStatusDto);
        Assert.Contains("No answer", status!.Meters.Single(m => m.Key == "garage").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_SerialAdapterUnpluggedAndBack_MetersOfflineThenReportingAgain()
    {
        await using var server = await WattlineServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("wattline-serial-").FullName;
        var line = await VirtualSerialPair.StartAsync(TestContext.Current.CancellationToken, folder);
        var bus = new SimulatedModbusBus([new(1, "sdm120")], 11, Site, TimeProvider.System);
        bus.StartSerial(new SerialSettings(line.MeterEnd, 9600), TimeProvider.System);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "rs485", Serial = new SerialOptions { Port = line.GatewayEnd, BaudRate = 9600 }, TimeoutMs = 200, Retries = 0 }],
            [Meter("heat-pump", "Heat pump", "rs485", 1, "sdm120")]);
        var meter = (await Eventually.MatchAsync(() => MetersOfAsync(server, gateway.GatewayId), m => m.Count == 1 && m[0].Online, TimeSpan.FromSeconds(30)))[0];

        await bus.DisposeAsync();
        await line.DisposeAsync();
        await Eventually.MatchAsync(() => MetersOfAsync(server, gateway.GatewayId), m => !m[0].Online, TimeSpan.FromSeconds(30));
        var line2 = await VirtualSerialPair.StartAsync(TestContext.Current.CancellationToken, folder);
        await using var bus2 = new SimulatedModbusBus([new(1, "sdm120")], 11, Site, TimeProvider.System);
        bus2.StartSerial(new SerialSettings(line2.MeterEnd, 9600), TimeProvider.System);
        var readings = gateway.Meters[0].Readings;

        await Eventually.MatchAsync(() => Task.FromResult(gateway.Meters[0].Readings), r => r > readings + 2, TimeSpan.FromSeconds(40));
        await Eventually.MatchAsync(() => MetersOfAsync(server, gateway.GatewayId), m => m[0].Online, TimeSpan.FromSeconds(40));
        await line2.DisposeAsync();
        Directory.Delete(folder, recursive: true);

        Assert.Equal(meter.Id, (await MetersOfAsync(server, gateway.GatewayId))[0].Id);
        Assert.Contains(gateway.Log, l => l.Contains("lost its line", StringComparison.Ordinal) || l.Contains("cannot be opened", StringComparison.Ordinal));
    }

    internal static MeterOptions Meter(string key, string name, string bus, int unit, string profile, double periodSeconds = 1) =>
        new() { Key = key, Name = name, Bus = bus, Unit = unit, Profile = profile, Period = TimeSpan.FromSeconds(periodSeconds) };

    internal static async Task<List<DeviceDto>> MetersOfAsync(WattlineServer server, string gatewayId) =>
        [.. (await server.Http.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto))!.Where(d => d.ParentId == gatewayId)];

    internal static async Task<Dictionary<string, double>> LatestAsync(WattlineServer server, string deviceId) =>
        (await server.Http.GetFromJsonAsync($"api/v1/devices/{deviceId}/latest", WattlineJsonContext.Default.ListLatestValueDto))!.ToDictionary(v => v.Metric, v => v.Value);
}
