using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Devices;
using Wattline.Gateway;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Upload;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Simulator.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Server.Demo;

/// <summary>
/// The demo home's basement gateway: the real gateway agent, in this process, polling simulated Modbus meters on a
/// loopback TCP port and uploading signed batches to this server, so its meters show beneath it in the dashboard.
/// </summary>
public sealed partial class DemoGateway(
    IOptions<WattlineOptions> wattline,
    DeviceRegistry registry,
    UploadSigning signing,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ILogger<DemoGateway> logger)
{
    public const string Name = "Basement gateway";

    /// <summary>The gateway and its meters: the devices it adds to the demo home.</summary>
    public const int Devices = 3;

    private const string StateFile = "demo-gateway.json";

    public async Task RunAsync(string homeId, string serverUrl, TimeSpan period, SimulationSite site, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(wattline.Value.DataPath);
        var (id, token) = await EnsureDeviceAsync(homeId, Path.Combine(data, StateFile), cancellationToken);
        var key = await signing.EnableAsync(id, cancellationToken) ?? throw new InvalidOperationException("The demo gateway vanished.");
        await using var bus = new SimulatedModbusBus([new(1, "sdm120"), new(2, "pzem004t")], 77, site, timeProvider);
        bus.StartTcp(IPAddress.Loopback, 0);
        var options = new GatewayOptions
        {
            Server = new ServerOptions { Url = serverUrl, GatewayId = id, Token = token, SigningKey = Convert.ToBase64String(key) },
            Buffer = new BufferOptions { Path = Path.Combine(data, "demo-gateway-buffer.db"), MaxMegabytes = 16 },
            Upload = new UploadOptions { Interval = period },
            Buses = [new BusOptions { Name = "modbus-tcp", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort } }],
            Meters =
            [
                new MeterOptions { Key = "heat-pump", Name = "Heat pump", Bus = "modbus-tcp", Unit = 1, Profile = "sdm120", Period = period },
                new MeterOptions { Key = "workshop", Name = "Workshop", Bus = "modbus-tcp", Unit = 2, Profile = "pzem004t", Period = period },
            ],
        };
        using var buffer = new ReadingBuffer(options.Buffer.Path, timeProvider);
        using var link = new ServerLink(options.Server);
        using var agent = new GatewayAgent(Options.Create(options), buffer, link, timeProvider, loggerFactory);
        LogStarting(bus.TcpPort);
        await agent.StartAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await agent.StopAsync(CancellationToken.None);
    }

    // The gateway is registered once; later starts give it a fresh token, as the other demo devices get.
    private async Task<(string Id, string Token)> EnsureDeviceAsync(string homeId, string statePath, CancellationToken cancellationToken)
    {
        var known = File.Exists(statePath) ? JsonSerializer.Deserialize<string>(await File.ReadAllTextAsync(statePath, cancellationToken)) : null;
        if (known is not null && registry.Find(known)?.HomeId == homeId && await registry.RotateTokenAsync(known, cancellationToken) is { } rotated)
        {
            return (known, rotated);
        }

        var (created, token, _) = await registry.CreateAsync(Name, DeviceKind.Gateway, 0, homeId, cancellationToken);
        await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(created.Id), cancellationToken);
        return (created.Id, token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo home: the basement gateway polls two simulated Modbus meters on port {Port}")]
    private partial void LogStarting(int port);
}
