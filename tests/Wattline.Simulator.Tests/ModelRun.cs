using Wattline.Contracts.Devices;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

/// <summary>Reads models over a time range, as the device runner would, for the tests to inspect.</summary>
internal static class ModelRun
{
    public static SimulationSite Site { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna"));

    /// <summary>Every kind, profile and relay count the simulator offers.</summary>
    public static TheoryData<DeviceKind, string, int> AllProfiles()
    {
        var data = new TheoryData<DeviceKind, string, int>();
        foreach (var (kind, profiles) in DeviceProfiles.ByKind)
        {
            foreach (var profile in profiles)
            {
                if (kind == DeviceKind.SmartSocket)
                {
                    data.Add(kind, profile, profile == DeviceProfiles.Appliance ? 4 : profile == DeviceProfiles.LivingRoom ? 2 : 1);
                }
                else
                {
                    data.Add(kind, profile, 0);
                }
            }
        }

        return data;
    }

    /// <summary>Local midnight at the test site.</summary>
    public static DateTimeOffset Midnight(int year, int month, int day)
    {
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Site.TimeZone.GetUtcOffset(local));
    }

    public static DeviceModel Create(DeviceKind kind, string profile, int relays, int seed = 7) =>
        DeviceModelFactory.Create(kind, profile, relays, seed, Site);

    public static List<Reading> Read(IDeviceModel model, DateTimeOffset from, TimeSpan length, TimeSpan step)
    {
        var readings = new List<Reading>();
        for (var t = from; t <= from + length; t += step)
        {
            readings.Add(new Reading(t, model.Read(t).ToDictionary(m => m.Metric, m => m.Value)));
        }

        return readings;
    }
}
