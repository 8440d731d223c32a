using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Gateway.Meters;
using Wattline.Simulator.Modbus;

namespace Wattline.Gateway.Tests;

/// <summary>Each profile reads a simulated meter over Modbus TCP and gets what the meter's model measures.</summary>
public sealed class ProfileTests
{
    [Fact]
    public async Task Pzem004t_ReadsTheMeter_CanonicalUnits()
    {
        await using var bench = MeterBench.Start("3:pzem004t");
        var expected = bench.Expected(3);

        var values = await Read(new Pzem004tProfile(), bench, 3);

        Assert.Equal(expected[MetricCatalog.Voltage], values[MetricCatalog.Voltage], 0.051);
        Assert.Equal(expected[MetricCatalog.Current], values[MetricCatalog.Current], 0.0006);
        Assert.Equal(Math.Max(0, expected[MetricCatalog.ActivePower]), values[MetricCatalog.ActivePower], 0.051);
        Assert.Equal(Math.Floor(expected[MetricCatalog.EnergyImport]), values[MetricCatalog.EnergyImport]);
        Assert.Equal(expected[MetricCatalog.Frequency], values[MetricCatalog.Frequency], 0.051);
        Assert.Equal(Math.Abs(expected[MetricCatalog.PowerFactor]), values[MetricCatalog.PowerFactor], 0.0051);
    }

    [Fact]
    public async Task Pzem004t_ResetEnergy_CounterStartsAgain()
    {
        await using var bench = MeterBench.Start("3:pzem004t");
        var profile = new Pzem004tProfile();
        Assert.True((await Read(profile, bench, 3))[MetricCatalog.EnergyImport] > 1000);

        var state = await profile.ExecuteAsync(bench.Client, 3, Pzem004tProfile.ResetEnergy, null, TestContext.Current.CancellationToken);
        bench.Clock.Advance(TimeSpan.FromMinutes(10));
        var after = await Read(profile, bench, 3);

        Assert.Equal(0, state[MetricCatalog.EnergyImport]);
        Assert.InRange(after[MetricCatalog.EnergyImport], 0, 2000);
        await Assert.ThrowsAsync<CommandNotSupportedException>(() => profile.ExecuteAsync(bench.Client, 3, "relay", null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sdm120_ReadsTheMeter_EnergyInWattHours()
    {
        await using var bench = MeterBench.Start("1:sdm120");
        var expected = bench.Expected(1);

        var values = await Read(new EastronProfile(threePhase: false), bench, 1);

        foreach (var metric in new[] { MetricCatalog.Voltage, MetricCatalog.ActivePower, MetricCatalog.ReactivePower, MetricCatalog.ApparentPower, MetricCatalog.Frequency })
        {
            Assert.Equal(expected[metric], values[metric], 0.051);
        }

        // float32 kWh keeps about seven digits: a counter of several MWh comes back to within a few Wh.
        Assert.Equal(expected[MetricCatalog.EnergyImport], values[MetricCatalog.EnergyImport], 8);
        Assert.DoesNotContain(values.Keys, k => k.EndsWith("_l1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sdm630_ReadsTheMeter_PerPhaseAndThd()
    {
        await using var bench = MeterBench.Start("2:sdm630");
        var expected = bench.Expected(2);

        var values = await Read(new EastronProfile(threePhase: true), bench, 2);

        foreach (var metric in new[] { "voltage_l1", "voltage_l2", "voltage_l3", "current_l2", "active_power_l3", "reactive_power_l1", "active_power", "voltage_thd_l2", "current_thd_l3", "frequency" })
        {
            Assert.True(values.ContainsKey(metric), metric);
            Assert.Equal(expected[metric], values[metric], 0.051);
        }

        Assert.Equal(DeviceKind.ThreePhaseMeter, new EastronProfile(threePhase: true).Kind);
    }

    [Fact]
    public async Task SunSpec_ReadsTheInverter_ScaleFactorsApplied()
    {
        await using var bench = MeterBench.Start("5:sunspec");
        var expected = bench.Expected(5);
        var profile = new SunSpecProfile();

        var values = await Read(profile, bench, 5);

        Assert.Equal([1, 103, SunSpecInverter.VendorModel, 120, 123], profile.Models!.Select(m => (int)m.Id));
        Assert.True(expected[MetricCatalog.ActivePower] > 1000, "the clear-sky inverter produces at 10:00 in June");
        Assert.Equal(expected[MetricCatalog.ActivePower], values[MetricCatalog.ActivePower], 0.51);
        Assert.Equal(expected["voltage_l2"], values["voltage_l2"], 0.051);
        Assert.Equal(expected["current_l1"], values["current_l1"], 0.0051);
        Assert.Equal(expected[MetricCatalog.Frequency], values[MetricCatalog.Frequency], 0.0051);
        Assert.Equal(expected[MetricCatalog.DcPower], values[MetricCatalog.DcPower], 0.51);
        Assert.Equal(Math.Floor(expected[MetricCatalog.EnergyExport]), values[MetricCatalog.EnergyExport], 1);
        Assert.Equal(expected[MetricCatalog.Temperature], values[MetricCatalog.Temperature], 0.051);
        Assert.Equal(100, values[MetricCatalog.PowerLimit]);
        // Points the inverter does not implement (line-to-line voltages) are left out, not reported as 6553.5 V.
        Assert.All(values, v => Assert.True(v.Value < 6000 || v.Key.StartsWith("energy", StringComparison.Ordinal), v.Key));
    }

    [Theory]
    [InlineData("sunspec")]
    [InlineData("sunspec704")]
    public async Task SunSpec_PowerLimit_ThrottlesTheInverter(string model)
    {
        await using var bench = MeterBench.Start("5:" + model);
        var profile = new SunSpecProfile();
        var inverter = (SunSpecInverter)bench.Bus.Meters[5];
        var before = await Read(profile, bench, 5);

        var state = await profile.ExecuteAsync(bench.Client, 5, "power_limit", System.Text.Json.JsonDocument.Parse("""{"percent":40}""").RootElement, TestContext.Current.CancellationToken);
        bench.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await Read(profile, bench, 5);

        Assert.Equal(40, ((Simulator.Models.SolarInverterModel)inverter.Model).PowerLimitPercent);
        Assert.Equal(40, state[MetricCatalog.PowerLimit]);
        Assert.Equal(40, after[MetricCatalog.PowerLimit]);
        Assert.True(after[MetricCatalog.ActivePower] <= 5000 * 0.4 + 1, $"{after[MetricCatalog.ActivePower]} W under a 40 % limit (was {before[MetricCatalog.ActivePower]} W)");
    }

    [Fact]
    public async Task Generic_RelayBoard_ReadsRegistersAndSwitchesCoils()
    {
        await using var bench = MeterBench.Start("7:relayboard");
        var profile = new GenericProfile(
            DeviceKind.SmartSocket,
            [
                new GenericRegister(0, true, "uint16", Modbus.WordOrder.HighFirst, 0.1, 0, MetricCatalog.Voltage, 1),
                new GenericRegister(1, true, "uint32", Modbus.WordOrder.LowFirst, 0.1, 0, MetricCatalog.ActivePower, 1),
                new GenericRegister(3, true, "uint32", Modbus.WordOrder.LowFirst, 1, 0, MetricCatalog.EnergyImport, 0),
            ],
            [0, 1]);
        var board = (RelayBoard)bench.Bus.Meters[7];
        var ct = TestContext.Current.CancellationToken;

        var on = await profile.ExecuteAsync(bench.Client, 7, "relay", Json("""{"relay":2,"action":"on"}"""), ct);
        var toggled = await profile.ExecuteAsync(bench.Client, 7, "relay", Json("""{"relay":1,"action":"toggle"}"""), ct);
        var values = await Read(profile, bench, 7);

        Assert.Equal(1, on["relay_2"]);
        Assert.Equal(board.Socket.GetRelay(1) ? 1 : 0, toggled["relay_1"]);
        Assert.True(board.Socket.GetRelay(2));
        Assert.Equal(1, values["relay_2"]);
        Assert.Equal(bench.Expected(7)[MetricCatalog.Voltage], values[MetricCatalog.Voltage], 0.051);
        // Registers 0 to 4 in one request, then one per relay.
        Assert.Equal(3, profile.RequestsPerReading);
        await Assert.ThrowsAsync<CommandNotSupportedException>(() => profile.ExecuteAsync(bench.Client, 7, "relay", Json("""{"relay":3,"action":"on"}"""), ct));
    }

    private static System.Text.Json.JsonElement Json(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;

    private static async Task<Dictionary<string, double>> Read(IMeterProfile profile, MeterBench bench, byte unit) =>
        (await profile.ReadAsync(bench.Client, unit, TestContext.Current.CancellationToken)).ToDictionary(v => v.Metric, v => v.Value);
}
