using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Server.Alerts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Alerts;

/// <summary>The usual range per hour of the week, and the info alert when an hour falls outside it.</summary>
public sealed class AnomalyTests
{
    [Fact]
    public void ExpectedRange_FiveWeeks_MedianPlusMinusFourScaledDeviations()
    {
        var (median, low, high) = AnomalyDetector.ExpectedRange([100, 105, 95, 110, 98], 4, "active_power");

        // MAD = median(0, 5, 5, 10, 2) = 5; 1.4826 × 5 = 7.413; 100 ± 4 × 7.413.
        Assert.Equal(100, median);
        Assert.Equal(70.348, low, 3);
        Assert.Equal(129.652, high, 3);
    }

    [Fact]
    public void ExpectedRange_OneWildWeek_IgnoredByTheMedian()
    {
        var (median, low, high) = AnomalyDetector.ExpectedRange([100, 100, 2000, 100, 100], 4, "active_power");

        // MAD is 0: the floor of 5 % of the median (5 W) keeps a little room.
        Assert.Equal((100d, 80d, 120d), (median, low, high));
    }

    [Fact]
    public async Task Anomaly_HourFarAboveItsUsual_InfoAlertWithExpectedRangeThenClearedByANormalHour()
    {
        // Monday 30 November 2026, six minutes after the hour from 14:00 to 15:00 UTC ended.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 15, 6, 0, TimeSpan.Zero));
        await using var server = await WattlineServer.StartAsync(
            new Dictionary<string, string?> { ["Wattline:TimeZone"] = "UTC" }, s => s.AddSingleton<TimeProvider>(clock));
        var fridge = await server.CreateDeviceAsync("Fridge", "smart_socket", relays: 1);
        var rules = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/alert-rules");
        Assert.Contains("\"builtIn\":\"anomaly\"", rules, StringComparison.Ordinal);

        // Four Mondays before: 14:00 to 16:00 at about 100 W. This Monday: 1.5 kW from 14:00, 102 W from 15:00.
        var csv = new StringBuilder("time,metric,value\n");
        for (var week = 1; week <= 4; week++)
        {
            Readings(csv, new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero).AddDays(-7 * week), 120, 96 + (week * 3));
            Readings(csv, new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero).AddDays(-7 * week), 120, 98 + week);
        }

        Readings(csv, new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), 60, 1500);
        await ImportAsync(server, fridge.Device.Id, csv);
        var detector = server.Services.GetRequiredService<AnomalyDetector>();
        await detector.CheckAsync(CancellationToken.None);
        var raised = Assert.Single((await AlertsAsync(server)).Alerts);
        // The next hour arrives by 16:01, and is looked at once it has settled.
        clock.Advance(TimeSpan.FromMinutes(55));
        csv.Clear().Append("time,metric,value\n");
        Readings(csv, new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), 60, 102);
        await ImportAsync(server, fridge.Device.Id, csv);
        clock.Advance(TimeSpan.FromMinutes(5));
        await detector.CheckAsync(CancellationToken.None);
        var cleared = Assert.Single((await AlertsAsync(server)).Alerts);

        Assert.Equal(("anomaly", "info", "active", fridge.Device.Id, 1500d), (raised.Kind, raised.Severity, raised.State, raised.DeviceId, raised.Value));
        Assert.InRange(raised.ExpectedLow!.Value, 60, 100);
        Assert.InRange(raised.ExpectedHigh!.Value, 106, 150);
        Assert.Contains("usually", raised.Message, StringComparison.Ordinal);
        Assert.Contains("Mon 14:00 to 15:00", raised.Message, StringComparison.Ordinal);
        Assert.Equal(("cleared", 102d), (cleared.State, cleared.ClearValue));
    }

    private static async Task ImportAsync(WattlineServer server, string deviceId, StringBuilder csv)
    {
        using var import = await server.Http.PostAsync($"api/v1/devices/{deviceId}/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(import.StatusCode == HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
    }

    private static async Task<Contracts.Alerts.AlertPageDto> AlertsAsync(WattlineServer server) =>
        (await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/alerts", WattlineJsonContext.Default.AlertPageDto))!;

    // A reading every 30 s for an hour, from start.
    private static void Readings(StringBuilder csv, DateTimeOffset start, int count, double watts)
    {
        for (var i = 0; i < count; i++)
        {
            var time = start.AddSeconds(i * 3600.0 / count).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{time},active_power,{watts.ToString(CultureInfo.InvariantCulture)}\n");
        }
    }
}
