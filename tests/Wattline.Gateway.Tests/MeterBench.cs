using System.Net;
using Microsoft.Extensions.Time.Testing;
using Wattline.Modbus;
using Wattline.Simulator.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Gateway.Tests;

/// <summary>Simulated meters on Modbus TCP at a fixed instant, and a client for them.</summary>
internal sealed class MeterBench : IAsyncDisposable
{
    public static readonly DateTimeOffset Noon = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);
    public static readonly SimulationSite Site = new(TimeZoneInfo.Utc, 48, 0);

    private readonly TcpTransport _transport;

    private MeterBench(SimulatedModbusBus bus, FakeTimeProvider clock)
    {
        Bus = bus;
        Clock = clock;
        _transport = new TcpTransport("127.0.0.1", bus.TcpPort);
        Client = new ModbusClient(_transport);
    }

    public SimulatedModbusBus Bus { get; }

    public FakeTimeProvider Clock { get; }

    public ModbusClient Client { get; }

    public static MeterBench Start(params string[] specs)
    {
        var clock = new FakeTimeProvider(Noon);
        var bus = new SimulatedModbusBus(specs.Select(ModbusMeterSpec.Parse), 42, Site, clock);
        bus.StartTcp(IPAddress.Loopback, 0);
        return new MeterBench(bus, clock);
    }

    /// <summary>What the meter at <paramref name="unit"/> measures now, read from a twin model with the same seed.</summary>
    public Dictionary<string, double> Expected(byte unit)
    {
        var spec = Bus.Specs.Single(s => s.Unit == unit);
        var twin = SimulatedModbusBus.Create(spec, 42 + unit, Site, Clock);
        return twin.Model.Read(Clock.GetUtcNow()).ToDictionary(v => v.Metric, v => v.Value);
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
