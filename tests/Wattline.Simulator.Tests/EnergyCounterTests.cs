using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class EnergyCounterTests
{
    public static TheoryData<DeviceKind, string, int> Profiles => ModelRun.AllProfiles();

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Read_DayEveryFiveSeconds_CountersNeverDecrease(DeviceKind kind, string profile, int relays)
    {
        var readings = ModelRun.Read(ModelRun.Create(kind, profile, relays), ModelRun.Midnight(2025, 1, 20), TimeSpan.FromDays(1), TimeSpan.FromSeconds(5));

        foreach (var metric in new[] { MetricCatalog.EnergyImport, MetricCatalog.EnergyExport })
        {
            for (var i = 1; i < readings.Count; i++)
            {
                if (readings[i].Metrics.TryGetValue(metric, out var value))
                {
                    Assert.True(value >= readings[i - 1][metric], $"{profile} {metric} fell at {readings[i].Time:O}");
                    Assert.Equal(Math.Round(value), value);
                }
            }
        }
    }

    [Theory]
    [InlineData(DeviceKind.SmartSocket, DeviceProfiles.Fridge, 1, 1)]
    [InlineData(DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2, 1)]
    [InlineData(DeviceKind.SmartSocket, DeviceProfiles.Appliance, 3, 6)]
    [InlineData(DeviceKind.SinglePhaseMeter, DeviceProfiles.House, 0, 1)]
    [InlineData(DeviceKind.ThreePhaseMeter, DeviceProfiles.Main, 0, 1)]
    [InlineData(DeviceKind.ThreePhaseMeter, DeviceProfiles.MainWithSolar, 0, 6)]
    [InlineData(DeviceKind.SolarInverter, DeviceProfiles.Rooftop, 0, 6)]
    [InlineData(DeviceKind.SolarInverter, DeviceProfiles.ClearSky, 0, 3)]
    public void Read_DayEveryFiveSeconds_CountersMatchTheIntegralOfPower(DeviceKind kind, string profile, int relays, int month)
    {
        var readings = ModelRun.Read(ModelRun.Create(kind, profile, relays), ModelRun.Midnight(2025, month, 10), TimeSpan.FromDays(1), TimeSpan.FromSeconds(5));
        var imported = 0.0;
        var exported = 0.0;
        for (var i = 1; i < readings.Count; i++)
        {
            var hours = (readings[i].Time - readings[i - 1].Time).TotalHours;
            var before = readings[i - 1][MetricCatalog.ActivePower];
            var after = readings[i][MetricCatalog.ActivePower];
            imported += (Math.Max(0, before) + Math.Max(0, after)) / 2 * hours;
            exported += (Math.Max(0, -before) + Math.Max(0, -after)) / 2 * hours;
        }

        // The inverter's active power is what it feeds in: its export counter integrates it.
        if (kind == DeviceKind.SolarInverter)
        {
            (imported, exported) = (0, imported);
        }

        AssertCounter(readings, MetricCatalog.EnergyImport, imported);
        AssertCounter(readings, MetricCatalog.EnergyExport, exported);
    }

    [Fact]
    public void Create_StartCountersGiven_CountersContinueFromThem()
    {
        var start = new Dictionary<string, double> { [MetricCatalog.EnergyImport] = 1_234_567, [MetricCatalog.EnergyExport] = 89 };

        var model = DeviceModelFactory.Create(DeviceKind.ThreePhaseMeter, DeviceProfiles.Main, 0, 1, ModelRun.Site, start);
        var metrics = model.Read(ModelRun.Midnight(2025, 3, 1)).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(1_234_567, metrics[MetricCatalog.EnergyImport]);
        Assert.Equal(89, metrics[MetricCatalog.EnergyExport]);
    }

    private static void AssertCounter(List<Reading> readings, string metric, double integral)
    {
        if (!readings[0].Metrics.ContainsKey(metric))
        {
            return;
        }

        var counted = readings[^1][metric] - readings[0][metric];
        if (integral < 100)
        {
            Assert.InRange(counted, integral - 2, integral + 2);
            return;
        }

        Assert.InRange(counted, integral * 0.99, integral * 1.01);
    }
}
