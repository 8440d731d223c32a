using System.Net;
using Wattline.Contracts.Telemetry;
using Wattline.Gateway.Meters;
using Wattline.Modbus;

namespace Wattline.Gateway.Tests;

public sealed class SunSpecDiscoveryTests
{
    [Fact]
    public async Task Discover_MarkerAt50000WithUnknownModel_WalksTheWholeChain()
    {
        var unit = new RegisterMapUnit();
        unit.Put(50000, 0x5375, 0x6E53);
        var next = unit.Model(50002, 1, 66);
        var unknown = next;
        next = unit.Model(next, 999, 4);
        var inverter = next;
        next = unit.Model(next, 101, 50);
        next = unit.Model(next, 64110, 12);
        unit.Put(next, 0xFFFF, 0);
        // Single-phase inverter values: 5.20 A, 231.4 V, 1200 W at scale 0, 50.01 Hz, energy 123456 Wh × 10^1.
        unit.Put(inverter + 2, 520);
        unit.Put(inverter + 6, unchecked((ushort)-2));
        unit.Put(inverter + 10, 2314);
        unit.Put(inverter + 13, unchecked((ushort)-1));
        unit.Put(inverter + 14, 1200, 0, 5001, unchecked((ushort)-2));
        unit.Put(inverter + 24, 0x0001, 0xE240, 1);
        await using var served = await Serve(unit);

        var models = await SunSpecDiscovery.DiscoverAsync(served.Client, 1, TestContext.Current.CancellationToken);
        var values = (await new SunSpecProfile().ReadAsync(served.Client, 1, TestContext.Current.CancellationToken)).ToDictionary(v => v.Metric, v => v.Value);

        Assert.Equal([(1, 50002), (999, unknown), (101, inverter), (64110, inverter + 52)], models.Select(m => ((int)m.Id, (int)m.Address)));
        Assert.Equal(5.2, values[MetricCatalog.Current], 6);
        Assert.Equal(231.4, values[MetricCatalog.Voltage], 6);
        Assert.Equal(1200, values[MetricCatalog.ActivePower]);
        Assert.Equal(50.01, values[MetricCatalog.Frequency], 6);
        Assert.Equal(1_234_560, values[MetricCatalog.EnergyExport]);
        Assert.False(values.ContainsKey(MetricCatalog.PowerLimit));
    }

    [Fact]
    public async Task Discover_NoMarker_SaysWhereItLooked()
    {
        var unit = new RegisterMapUnit();
        unit.Put(40000, 1, 2);
        await using var served = await Serve(unit);

        var error = await Assert.ThrowsAsync<SunSpecException>(() => SunSpecDiscovery.DiscoverAsync(served.Client, 1, TestContext.Current.CancellationToken));

        Assert.Contains("40000, 0 or 50000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_ChainWithoutCommonModel_Refused()
    {
        var unit = new RegisterMapUnit();
        unit.Put(40000, 0x5375, 0x6E53);
        unit.Put(unit.Model(40002, 103, 50), 0xFFFF, 0);
        await using var served = await Serve(unit);

        var error = await Assert.ThrowsAsync<SunSpecException>(() => SunSpecDiscovery.DiscoverAsync(served.Client, 1, TestContext.Current.CancellationToken));

        Assert.Contains("common model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_InverterWithoutInverterModel_Refused()
    {
        var unit = new RegisterMapUnit();
        unit.Put(40000, 0x5375, 0x6E53);
        unit.Put(unit.Model(unit.Model(40002, 1, 66), 120, 26), 0xFFFF, 0);
        await using var served = await Serve(unit);

        var error = await Assert.ThrowsAsync<SunSpecException>(() => new SunSpecProfile().ReadAsync(served.Client, 1, TestContext.Current.CancellationToken));

        Assert.Contains("no SunSpec inverter model", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Served> Serve(ModbusUnit unit)
    {
        var server = new ModbusTcpServer(IPAddress.Loopback, 0, a => a == 1 ? unit : null);
        server.Start();
        await Task.CompletedTask;
        var transport = new TcpTransport("127.0.0.1", server.Port);
        return new Served(server, transport, new ModbusClient(transport));
    }

    private sealed record Served(ModbusTcpServer Server, TcpTransport Transport, ModbusClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transport.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
