using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class SolarInverterModelTests
{
    [Theory]
    [InlineData(DeviceProfiles.Rooftop, 1)]
    [InlineData(DeviceProfiles.Rooftop, 6)]
    [InlineData(DeviceProfiles.Rooftop, 12)]
    [InlineData(DeviceProfiles.ClearSky, 6)]
    public void Read_SunBelowHorizon_EverythingIsZero(string profile, int month)
    {
        var day = ModelRun.Midnight(2025, month, 21);
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.SolarInverter, profile, 0), day, TimeSpan.FromDays(1), TimeSpan.FromMinutes(1));
        var night = readings.Where(r => SolarPosition.Elevation(r.Time, 48, 15) < 0).ToList();

        Assert.True(night.Count > 400);
        Assert.All(night, r =>
        {
            Assert.Equal(0, r[MetricCatalog.ActivePower]);
            Assert.Equal(0, r[MetricCatalog.DcPower]);
            Assert.Equal(0, r[MetricCatalog.DcCurrent]);
            Assert.Equal(100, r[MetricCatalog.PowerLimit]);
        });
        Assert.Contains(readings, r => r[MetricCatalog.ActivePower] > 300);
    }

    [Theory]
    [InlineData(3, 20)]
    [InlineData(10, 5)]
    [InlineData(12, 21)]
    public void Read_ClearDay_PeakIsNearSolarNoon(int month, int dayOfMonth)
    {
        var day = ModelRun.Midnight(2025, month, dayOfMonth);
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.SolarInverter, DeviceProfiles.ClearSky, 0), day, TimeSpan.FromDays(1), TimeSpan.FromMinutes(1));
        var noon = SolarPosition.Noon(new DateOnly(2025, month, dayOfMonth), ModelRun.Site.EffectiveLongitude);

        var peak = readings.MaxBy(r => r[MetricCatalog.ActivePower])!;
        var weighted = readings.Sum(r => r[MetricCatalog.ActivePower] * (r.Time - noon).TotalMinutes) / readings.Sum(r => r[MetricCatalog.ActivePower]);

        Assert.InRange((peak.Time - noon).TotalMinutes, -20, 20);
        Assert.InRange(weighted, -10, 10);
    }

    [Fact]
    public void Read_SunnySummerNoon_AcIsDcTimesEfficiencyAndTemperatureRises()
    {
        var noon = SolarPosition.Noon(new DateOnly(2025, 4, 15), ModelRun.Site.EffectiveLongitude);
        var model = ModelRun.Create(DeviceKind.SolarInverter, DeviceProfiles.ClearSky, 0);
        var night = model.Read(noon.AddHours(-12)).ToDictionary(m => m.Metric, m => m.Value);
        var day = model.Read(noon).ToDictionary(m => m.Metric, m => m.Value);

        var efficiency = day[MetricCatalog.ActivePower] / day[MetricCatalog.DcPower];
        Assert.InRange(efficiency, 0.95, 0.97);
        Assert.InRange(day[MetricCatalog.DcVoltage], 400, 600);
        Assert.Equal(day[MetricCatalog.DcPower] / day[MetricCatalog.DcVoltage], day[MetricCatalog.DcCurrent], 0.01);
        Assert.True(day[MetricCatalog.Temperature] > night[MetricCatalog.Temperature] + 10);
    }

    [Fact]
    public void PowerLimitPercent_Lowered_CapsTheOutput()
    {
        var noon = SolarPosition.Noon(new DateOnly(2025, 6, 21), ModelRun.Site.EffectiveLongitude);
        var model = (SolarInverterModel)ModelRun.Create(DeviceKind.SolarInverter, DeviceProfiles.ClearSky, 0);

        model.PowerLimitPercent = 30;
        var metrics = model.Read(noon).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(1_500, metrics[MetricCatalog.ActivePower], 1);
        Assert.Equal(30, metrics[MetricCatalog.PowerLimit]);
    }
}
