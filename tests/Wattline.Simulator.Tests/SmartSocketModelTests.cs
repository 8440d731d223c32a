using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;
using Wattline.Simulator.Models.Appliances;

namespace Wattline.Simulator.Tests;

public sealed class SmartSocketModelTests
{
    [Fact]
    public void Read_FridgeDay_CompressorCyclesAboutEveryFortyMinutes()
    {
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.SmartSocket, DeviceProfiles.Fridge, 1), ModelRun.Midnight(2025, 7, 1), TimeSpan.FromDays(1), TimeSpan.FromSeconds(5));
        var starts = new List<DateTimeOffset>();
        var stops = new List<DateTimeOffset>();
        for (var i = 1; i < readings.Count; i++)
        {
            var was = readings[i - 1][MetricCatalog.ActivePower] > 50;
            var isOn = readings[i][MetricCatalog.ActivePower] > 50;
            if (isOn && !was)
            {
                starts.Add(readings[i].Time);
            }
            else if (was && !isOn)
            {
                stops.Add(readings[i].Time);
            }
        }

        Assert.InRange(starts.Count, 25, 40);
        Assert.InRange(stops.Count, 25, 40);
        var onMinutes = starts.Zip(stops.Where(s => s > starts[0])).Select(p => (p.Second - p.First).TotalMinutes).ToList();
        Assert.InRange(onMinutes.Average(), 12, 18);
        var running = readings.Where(r => r[MetricCatalog.ActivePower] > 50).ToList();
        Assert.InRange(running.Select(r => r[MetricCatalog.ActivePower]).Order().ElementAt(running.Count / 2), 80, 100);
        Assert.Contains(readings, r => r[MetricCatalog.ActivePower] > 150);
        Assert.Contains(readings, r => r[MetricCatalog.ActivePower] is > 0.5 and < 3);
    }

    [Fact]
    public void SetRelay_Off_SocketDrawsNothingAndReportsTheRelay()
    {
        var socket = (SmartSocketModel)ModelRun.Create(DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2);
        var evening = ModelRun.Midnight(2025, 2, 4).AddHours(21);

        socket.SetRelay(1, false);
        socket.SetRelay(2, false);
        var metrics = socket.Read(evening).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(0, metrics[MetricCatalog.ActivePower]);
        Assert.Equal(0, metrics[MetricCatalog.Current]);
        Assert.Equal(0, metrics[MetricCatalog.RelayName(1)]);
        Assert.Equal(0, metrics[MetricCatalog.RelayName(2)]);
        Assert.InRange(metrics[MetricCatalog.Voltage], 220, 240);
    }

    [Fact]
    public void SetRelay_OneOfTwoOff_OnlyTheOtherApplianceCounts()
    {
        var socket = (SmartSocketModel)ModelRun.Create(DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2);
        var at = SimInstant.At(ModelRun.Midnight(2025, 2, 4).AddHours(21), ModelRun.Site.TimeZone);

        socket.SetRelay(1, false);

        Assert.Equal(socket.Appliances[1].Draw(at).Active, socket.Draw(at).Active, 6);
        Assert.IsType<Computer>(socket.Appliances[1]);
    }

    [Fact]
    public void Read_LivingRoomWeek_EveningsBusyNightsOnStandby()
    {
        var readings = ModelRun.Read(ModelRun.Create(DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2), ModelRun.Midnight(2025, 11, 3), TimeSpan.FromDays(7), TimeSpan.FromMinutes(1));
        double Mean(Func<double, bool> hours) =>
            readings.Where(r => hours(TimeZoneInfo.ConvertTime(r.Time, ModelRun.Site.TimeZone).TimeOfDay.TotalHours)).Average(r => r[MetricCatalog.ActivePower]);

        Assert.InRange(Mean(h => h is >= 2 and < 5), 0.5, 3);
        Assert.True(Mean(h => h is >= 20 and < 22) > 60);
    }

    [Fact]
    public void Capabilities_TwoRelays_ListsBothRelays()
    {
        var socket = ModelRun.Create(DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2);

        Assert.Equal(["relay_1", "relay_2"], socket.Capabilities);
    }
}
