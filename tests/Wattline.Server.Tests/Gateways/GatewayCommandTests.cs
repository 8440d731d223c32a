using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Gateway.Configuration;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator.Modbus;
using Wattline.Simulator.Models;
using static Wattline.Server.Tests.Gateways.GatewayPollingTests;

namespace Wattline.Server.Tests.Gateways;

/// <summary>Commands to a gateway's meters go through the gateway onto the bus and come back through the command lifecycle.</summary>
public sealed class GatewayCommandTests
{
    [Fact]
    public async Task Commands_RelayPowerLimitAndEnergyReset_CarriedOutOnTheBus()
    {
        await using var server = await WattlineServer.StartAsync();
        await using var bus = new SimulatedModbusBus([new(2, "pzem004t"), new(3, "sunspec704"), new(7, "relayboard")], 3, Site, TimeProvider.System);
        bus.StartTcp(IPAddress.Loopback, 0);
        var board = Meter("boiler", "Boiler", "lan", 7, "generic");
        board.Kind = "smart_socket";
        board.Registers = [new RegisterOptions { Address = 0, Table = "input", Type = "uint16", Scale = 0.1, Metric = "voltage", Decimals = 1 }];
        board.Relays = [new RelayOptions { Coil = 0 }, new RelayOptions { Coil = 1 }];
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "lan", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort } }],
            [Meter("workshop", "Workshop", "lan", 2, "pzem004t"), Meter("pv", "Roof", "lan", 3, "sunspec"), board]);
        var meters = await Eventually.MatchAsync(() => MetersOfAsync(server, gateway.GatewayId), m => m.Count == 3, TimeSpan.FromSeconds(30));
        string IdOf(string key) => meters.Single(m => m.MeterKey == key).Id;
        var socket = ((RelayBoard)bus.Meters[7]).Socket;
        socket.SetRelay(2, false);

        var relay = await RunAsync(server, IdOf("boiler"), "relay", """{"relay":2,"action":"on"}""");
        var limit = await RunAsync(server, IdOf("pv"), "power_limit", """{"percent":35}""");
        var reset = await RunAsync(server, IdOf("workshop"), "reset_energy", null);
        var refused = await RunAsync(server, IdOf("workshop"), "relay", """{"action":"on"}""", expectRefusal: true);

        Assert.Equal(CommandStates.Succeeded, relay.State);
        Assert.Equal(1, relay.Result!["relay_2"]);
        Assert.True(socket.GetRelay(2));
        Assert.Equal(CommandStates.Succeeded, limit.State);
        Assert.Equal(35, limit.Result!["power_limit"]);
        Assert.Equal(35, ((SolarInverterModel)bus.Meters[3].Model).PowerLimitPercent);
        Assert.Equal(CommandStates.Succeeded, reset.State);
        Assert.Equal(0, reset.Result!["energy_import"]);
        Assert.Equal(HttpStatusCode.BadRequest.ToString(), refused.State);
        var latest = await Eventually.MatchAsync(() => LatestAsync(server, IdOf("boiler")), l => l.GetValueOrDefault("relay_2") == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, latest["relay_2"]);
        var audit = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/audit");
        Assert.Contains("power_limit", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_ToAMeterTheGatewayDoesNotAnswer_FailWithTheReason()
    {
        await using var server = await WattlineServer.StartAsync();
        await using var bus = new SimulatedModbusBus([new(3, "sunspec")], 3, Site, TimeProvider.System);
        bus.StartTcp(IPAddress.Loopback, 0);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "lan", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort }, TimeoutMs = 100, Retries = 0 }],
            [Meter("pv", "Roof", "lan", 3, "sunspec"), Meter("pv2", "Carport", "lan", 4, "sunspec")]);
        var meters = await Eventually.MatchAsync(() => MetersOfAsync(server, gateway.GatewayId), m => m.Count == 2, TimeSpan.FromSeconds(30));

        var failed = await RunAsync(server, meters.Single(m => m.MeterKey == "pv2").Id, "power_limit", """{"percent":50}""");

        Assert.Equal(CommandStates.Failed, failed.State);
        Assert.Contains("did not carry it out", failed.Error, StringComparison.Ordinal);
    }

    // Issues a command as the home's owner and waits until it is final.
    private static async Task<CommandDto> RunAsync(WattlineServer server, string deviceId, string name, string? parameters, bool expectRefusal = false)
    {
        var request = new CommandRequest(name, parameters is null ? null : JsonDocument.Parse(parameters).RootElement);
        var issued = await server.Http.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", request, WattlineJsonContext.Default.CommandRequest);
        if (expectRefusal)
        {
            return new CommandDto("", deviceId, name, null, issued.StatusCode.ToString(), "", "", default, default, 0, 0);
        }

        issued.EnsureSuccessStatusCode();
        var command = (await issued.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CommandDto))!;
        return (await Eventually.MatchAsync(
            () => server.Http.GetFromJsonAsync($"api/v1/devices/{deviceId}/commands/{command.Id}", WattlineJsonContext.Default.CommandDto),
            c => c!.State is CommandStates.Succeeded or CommandStates.Failed or CommandStates.TimedOut,
            TimeSpan.FromSeconds(30)))!;
    }
}
