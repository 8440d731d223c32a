using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class MeterModelTests
{
    [Theory]
    [InlineData(DeviceProfiles.Main, 1)]
    [InlineData(DeviceProfiles.MainWithSolar, 6)]
    public void Read_ThreePhaseDay_ApparentPowerSquaredIsActiveSquaredPlusReactiveSquaredPerPhase(string profile, int month)
    {
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.ThreePhaseMeter, profile, 0), ModelRun.Midnight(2025, month, 12), TimeSpan.FromDays(1), TimeSpan.FromSeconds(30));

        foreach (var reading in readings)
        {
            foreach (var phase in new[] { "_l1", "_l2", "_l3" })
            {
                var p = reading[MetricCatalog.ActivePower + phase];
                var q = reading[MetricCatalog.ReactivePower + phase];
                var s = reading[MetricCatalog.ApparentPower + phase];
                Assert.Equal(s, Math.Sqrt((p * p) + (q * q)), 0.15);
                Assert.Equal(p / s, reading[MetricCatalog.PowerFactor + phase], 0.006);
                var current = reading[MetricCatalog.Current + phase];
                Assert.Equal(s / reading[MetricCatalog.Voltage + phase], current, 0.002 + (current * 0.0005));
            }

            var total = reading[MetricCatalog.ActivePower];
            var sum = reading[MetricCatalog.ActivePower + "_l1"] + reading[MetricCatalog.ActivePower + "_l2"] + reading[MetricCatalog.ActivePower + "_l3"];
            Assert.Equal(sum, total, 0.2);
            Assert.InRange(reading[MetricCatalog.Frequency], 49.95, 50.05);
        }
    }

    [Fact]
    public void Read_ThreePhaseDay_PhasesAreUnbalanced()
    {
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.ThreePhaseMeter, DeviceProfiles.Main, 0), ModelRun.Midnight(2025, 2, 12), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1));
        var means = new[] { "_l1", "_l2", "_l3" }.Select(p => readings.Average(r => r[MetricCatalog.ActivePower + p])).ToList();

        Assert.True(means.Max() > means.Min() * 1.25, string.Join(", ", means));
        Assert.All(readings, r => Assert.InRange(r[MetricCatalog.VoltageThd + "_l1"], 0.5, 5));
    }

    [Fact]
    public void Read_ThreePhaseWithSolarInJune_ExportsAtMidday()
    {
        var model = ModelRun.Create(DeviceKind.ThreePhaseMeter, DeviceProfiles.MainWithSolar, 0, seed: DemoHome.Seed);
        var readings = ModelRun.Read(model, ModelRun.Midnight(2025, 6, 1), TimeSpan.FromDays(7), TimeSpan.FromMinutes(1));

        Assert.Contains(readings, r => r[MetricCatalog.ActivePower] < -1_000);
        Assert.True(readings[^1][MetricCatalog.EnergyExport] - readings[0][MetricCatalog.EnergyExport] > 5_000);
    }

    [Fact]
    public void Read_HouseWeek_BaseLoadPeaksAndKettleSpikes()
    {
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.SinglePhaseMeter, DeviceProfiles.House, 0), ModelRun.Midnight(2025, 3, 3), TimeSpan.FromDays(7), TimeSpan.FromSeconds(30));
        var night = readings.Where(r => TimeZoneInfo.ConvertTime(r.Time, ModelRun.Site.TimeZone).Hour is >= 1 and < 5).Select(r => r[MetricCatalog.ActivePower]).Order().ToList();

        Assert.InRange(night[night.Count / 2], 150, 300);
        Assert.Contains(readings, r => r[MetricCatalog.ActivePower] is > 2_000 and < 3_500);
        Assert.All(readings, r =>
        {
            Assert.InRange(r[MetricCatalog.Voltage], 220, 240);
            var p = r[MetricCatalog.ActivePower];
            var q = r[MetricCatalog.ReactivePower];
            Assert.Equal(r[MetricCatalog.ApparentPower], Math.Sqrt((p * p) + (q * q)), 0.15);
        });
        var heavy = readings.Where(r => r[MetricCatalog.ActivePower] > 2_000).Average(r => r[MetricCatalog.Voltage]);
        var light = readings.Where(r => r[MetricCatalog.ActivePower] < 300).Average(r => r[MetricCatalog.Voltage]);
        Assert.True(heavy < light - 1, $"no sag: {heavy} vs {light}");
    }

    [Fact]
    public void Read_GatewayDay_TemperatureStaysBetween45And55()
    {
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.Gateway, DeviceProfiles.Pi, 0), ModelRun.Midnight(2025, 8, 8), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1));

        Assert.All(readings, r => Assert.InRange(r[MetricCatalog.Temperature], 45, 55));
        Assert.True(readings.Max(r => r[MetricCatalog.Temperature]) - readings.Min(r => r[MetricCatalog.Temperature]) > 2);
    }
}
