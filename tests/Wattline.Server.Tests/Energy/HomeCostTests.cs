using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Energy;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Energy;

/// <summary>
/// Energy and cost of a home in Berlin through the API, against hand computations: a grid meter using 1 kWh an hour,
/// read every 15 minutes, across both daylight-saving days of 2026 and a time-of-use boundary.
/// </summary>
public sealed class HomeCostTests
{
    // Version 1: standard 0.25, peak 0.40 on weekdays 07-21, night 0.15 from 23 to 06, 0.30 a day.
    // Version 2 from Monday 26 October: standard 0.28, peak 0.45, night 0.15, 0.35 a day.
    private const string Tariff = """
        {"currency":"EUR","versions":[
          {"validFrom":"2026-01-01","standingChargePerDay":0.30,"pricePerKwh":0.25,"feedInPerKwh":0.08,"windows":[
            {"name":"peak","pricePerKwh":0.40,"start":"07:00","end":"21:00","days":["mon","tue","wed","thu","fri"]},
            {"name":"night","pricePerKwh":0.15,"start":"23:00","end":"06:00"}]},
          {"validFrom":"2026-10-26","standingChargePerDay":0.35,"pricePerKwh":0.28,"windows":[
            {"name":"peak","pricePerKwh":0.45,"start":"07:00","end":"21:00","days":["mon","tue","wed","thu","fri"]},
            {"name":"night","pricePerKwh":0.15,"start":"23:00","end":"06:00"}]}]}
        """;

    [Fact]
    public async Task Cost_TwentyFiveHourDay_EqualsHandComputation()
    {
        await using var home = await HomeAsync();

        // Sunday 25 October, 00:00 CEST to 24:00 CET: night 00-06 with 02-03 twice (7 h × 0.15), standard 06-23 (17 h × 0.25), night 23-24 (0.15).
        var cost = await home.CostAsync("day", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
        var energy = await home.EnergyAsync("hour", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");

        var day = Assert.Single(cost.Buckets);
        Assert.Equal((25.0, 5.45, 0.30, 5.75), (day.BoughtKwh, Math.Round(day.EnergyCost, 6), day.StandingCharge, Math.Round(day.Total, 6)));
        Assert.Equal(25, energy.Buckets.Count);
        Assert.All(energy.Buckets, b => Assert.Equal(1000, b.ConsumptionWh));
        Assert.Equal(25_000, energy.Totals.ConsumptionWh);
    }

    [Fact]
    public async Task Cost_TwentyThreeHourDay_EqualsHandComputation()
    {
        await using var home = await HomeAsync();

        // Sunday 29 March, 00:00 CET to 24:00 CEST: night 00-06 without 02-03 (5 h × 0.15), standard 06-23 (17 h × 0.25), night 23-24 (0.15).
        var cost = await home.CostAsync("day", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");

        var day = Assert.Single(cost.Buckets);
        Assert.Equal((23.0, 5.15, 0.30, 5.45), (day.BoughtKwh, Math.Round(day.EnergyCost, 6), day.StandingCharge, Math.Round(day.Total, 6)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)), day.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.FromHours(2)), day.End);
    }

    [Fact]
    public async Task Cost_MondayMorningAcrossPeakStartAndNewVersion_EqualsHandComputationByBand()
    {
        await using var home = await HomeAsync();

        // Monday 26 October to 12:00 local under version 2: night 00-06 (6 × 0.15), standard 06-07 (0.28), peak 07-12 (5 × 0.45).
        var cost = await home.CostAsync("hour", "2026-10-25T23:00:00Z", "2026-10-26T11:00:00Z");

        Assert.Equal(12, cost.Buckets.Count);
        Assert.Equal(0.28, cost.Buckets[6].EnergyCost, 9);
        Assert.Equal(0.45, cost.Buckets[7].EnergyCost, 9);
        Assert.Equal((12.0, 3.43, 0.35, 1), (cost.Totals.BoughtKwh, Math.Round(cost.Totals.EnergyCost, 6), cost.Totals.StandingCharge, cost.Totals.Days));
        Assert.Equal(0.35, cost.Buckets[0].StandingCharge);
        Assert.Equal(
            [("peak", 5.0, 2.25), ("night", 6.0, 0.9), ("standard", 1.0, 0.28)],
            cost.Bands.Select(b => (b.Band, b.Kwh, Math.Round(b.Cost, 6))).ToList());
    }

    [Fact]
    public async Task Cost_ThreeDaysByHour_StandingChargeOncePerLocalDay()
    {
        await using var home = await HomeAsync();

        var cost = await home.CostAsync("hour", "2026-10-23T22:00:00Z", "2026-10-26T11:00:00Z");

        // Saturday and Sunday (0.30 each) and Monday (0.35), each in the bucket of its local midnight.
        Assert.Equal((3, 0.95), (cost.Totals.Days, Math.Round(cost.Totals.StandingCharge, 6)));
        Assert.Equal(3, cost.Buckets.Count(b => b.StandingCharge > 0));
        Assert.All(cost.Buckets.Where(b => b.StandingCharge > 0), b => Assert.Equal(0, TimeZoneInfo.ConvertTime(b.Start, Berlin).Hour));
        Assert.Equal(cost.Totals.Total, Math.Round(cost.Buckets.Sum(b => b.Total), 4), 6);
    }

    [Fact]
    public async Task Energy_CounterResetMidDay_DayTotalCountsEnergyOnBothSides()
    {
        await using var home = await HomeAsync();
        var socket = await home.Server.CreateDeviceAsync("Washer", "smart_socket", relays: 1);
        // Friday 23 October: 2.5 kWh by 12:00 local, a reset to 0, then 1.5 kWh more.
        var csv = new StringBuilder("time,metric,value\n");
        csv.Append("2026-10-22T22:07:30Z,energy_import,10000\n2026-10-23T09:52:30Z,energy_import,12500\n");
        csv.Append("2026-10-23T10:07:30Z,energy_import,0\n2026-10-23T15:07:30Z,energy_import,1500\n");
        await home.ImportAsync(socket.Device.Id, csv.ToString());

        var energy = await home.EnergyAsync("day", "2026-10-22T22:00:00Z", "2026-10-23T22:00:00Z");

        var washer = Assert.Single(energy.TopConsumers);
        Assert.Equal((socket.Device.Id, 4000.0), (washer.DeviceId, washer.Wh));
        Assert.Equal(24_000, energy.Totals.ConsumptionWh);
        var friday = Assert.Single(energy.Buckets);
        Assert.Equal((4000.0, 20_000.0), (friday.Devices[socket.Device.Id], friday.OtherWh));
    }

    [Fact]
    public async Task Energy_MainMeterSubMeterAndSolar_ThreePhaseMeterIsTheGridAndSolarUsedAtHomeCounts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 26, 11, 0, 0, TimeSpan.Zero));
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:TimeZone"] = "Europe/Berlin" }, s => s.AddSingleton<TimeProvider>(clock));
        var home = new TestHome(server);
        var main = await server.CreateDeviceAsync("Main distribution", "three_phase_meter");
        var heatPump = await server.CreateDeviceAsync("Heat pump", "single_phase_meter");
        var roof = await server.CreateDeviceAsync("Roof", "solar_inverter");
        // 09:00 to 10:00 UTC: 3 kWh bought, 1 kWh sold, 5 kWh produced (so 4 kWh of it used at home); the heat pump 2.5 kWh.
        await home.ImportAsync(main.Device.Id, "time,metric,value\n2026-10-26T09:00:00Z,energy_import,1000\n2026-10-26T09:00:00Z,energy_export,500\n2026-10-26T09:59:00Z,energy_import,4000\n2026-10-26T09:59:00Z,energy_export,1500\n");
        await home.ImportAsync(heatPump.Device.Id, "time,metric,value\n2026-10-26T09:00:00Z,energy_import,100\n2026-10-26T09:59:00Z,energy_import,2600\n");
        await home.ImportAsync(roof.Device.Id, "time,metric,value\n2026-10-26T09:00:00Z,energy_export,20000\n2026-10-26T09:59:00Z,energy_export,25000\n");

        var energy = await home.EnergyAsync("day", "2026-10-25T23:00:00Z", "2026-10-26T11:00:00Z");

        Assert.True(energy.HasGridMeter);
        Assert.Equal("grid", Assert.Single(energy.Devices, d => d.Id == main.Device.Id).Role);
        Assert.Equal("consumer", Assert.Single(energy.Devices, d => d.Id == heatPump.Device.Id).Role);
        var t = energy.Totals;
        Assert.Equal((3000.0, 1000.0, 5000.0, 4000.0, 7000.0), (t.GridImportWh, t.GridExportWh, t.ProductionWh, t.SelfConsumptionWh, t.ConsumptionWh));
        Assert.Equal(4500, Assert.Single(energy.Buckets).OtherWh);
    }

    [Fact]
    public async Task Cost_AsCsv_OneRowPerDayWithTheHomeOffset()
    {
        await using var home = await HomeAsync();

        var csv = await home.Server.Http.GetStringAsync($"api/v1/homes/{home.Server.HomeId}/cost?interval=day&from=2026-10-24T22:00:00Z&to=2026-10-26T11:00:00Z&format=csv");

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("start,end,bought_kwh,energy_eur,exported_kwh,feed_in_credit_eur,standing_charge_eur,total_eur", lines[0]);
        Assert.Equal("2026-10-25T00:00:00+02:00,2026-10-26T00:00:00+01:00,25,5.45,0,0,0.3,5.75", lines[1]);
        Assert.StartsWith("2026-10-26T00:00:00+01:00,2026-10-27T00:00:00+01:00,12,3.43,", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task Tariff_Refused_ProblemNamesTheFieldAndKeepsTheOldOne()
    {
        await using var home = await HomeAsync();

        using var response = await home.Server.Http.PutAsync(
            $"api/v1/homes/{home.Server.HomeId}/tariff",
            new StringContent("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0.3,"pricePerKwh":0.25,"windows":[{"name":"peak","pricePerKwh":0.4,"start":"07:00","end":"07:00"}]}]}""", Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var kept = await home.Server.Http.GetFromJsonAsync($"api/v1/homes/{home.Server.HomeId}/tariff", WattlineJsonContext.Default.TariffDto);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("versions[0].windows[0].end", out _), problem.ToString());
        Assert.Equal(2, kept!.Versions.Count);
    }

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static async Task<TestHome> HomeAsync()
    {
        // Monday 26 October 2026, 12:00 in Berlin.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 26, 11, 0, 0, TimeSpan.Zero));
        var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:TimeZone"] = "Europe/Berlin" }, s => s.AddSingleton<TimeProvider>(clock));
        var home = new TestHome(server);
        var meter = await server.CreateDeviceAsync("Grid meter", "single_phase_meter");
        // 250 Wh every quarter hour, read in the middle of each: 1 kWh in every hour, attributed to the quarter it was used in.
        var csv = new StringBuilder("time,metric,value\n");
        foreach (var (from, to) in new[] { ("2026-03-28T21:00:00Z", "2026-03-30T00:00:00Z"), ("2026-10-22T21:00:00Z", "2026-10-26T11:00:00Z") })
        {
            var start = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(to, CultureInfo.InvariantCulture);
            var counter = start.ToUnixTimeMilliseconds() / 900_000 * 250.0;
            for (var t = start.AddMinutes(-7.5); t < end; t = t.AddMinutes(15), counter += 250)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},energy_import,{counter}\n");
            }
        }

        await home.ImportAsync(meter.Device.Id, csv.ToString());
        using var tariff = await server.Http.PutAsync($"api/v1/homes/{server.HomeId}/tariff", new StringContent(Tariff, Encoding.UTF8, "application/json"));
        Assert.True(tariff.StatusCode == HttpStatusCode.OK, await tariff.Content.ReadAsStringAsync());
        return home;
    }

    private sealed record TestHome(WattlineServer Server) : IAsyncDisposable
    {
        public async Task ImportAsync(string deviceId, string csv)
        {
            using var response = await Server.Http.PostAsync($"api/v1/devices/{deviceId}/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        public async Task<HomeCostDto> CostAsync(string interval, string from, string to) =>
            (await Server.Http.GetFromJsonAsync($"api/v1/homes/{Server.HomeId}/cost?interval={interval}&from={from}&to={to}", WattlineJsonContext.Default.HomeCostDto))!;

        public async Task<HomeEnergyDto> EnergyAsync(string interval, string from, string to) =>
            (await Server.Http.GetFromJsonAsync($"api/v1/homes/{Server.HomeId}/energy?interval={interval}&from={from}&to={to}", WattlineJsonContext.Default.HomeEnergyDto))!;

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
