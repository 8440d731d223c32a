using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Devices;
using Wattline.Server.Budget;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Budget;

/// <summary>A monthly budget watched by the real server on a fake clock, against a meter whose readings are imported.</summary>
public sealed class BudgetTests
{
    [Fact]
    public async Task Budget_SpendingPassesEachPercentage_OneAlertEachThenClearedByTheNewMonth()
    {
        // Monday 30 November 2026, 12:00 UTC; 1.00 EUR per kWh, no standing charge; a budget of 10.00 with alerts at 50, 80 and 100 %.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:TimeZone"] = "UTC" }, s => s.AddSingleton<TimeProvider>(clock));
        var meter = await server.CreateDeviceAsync("Grid meter", "single_phase_meter");
        await PutAsync(server, "tariff", """{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":1.0}]}""");
        await PutAsync(server, "budget", """{"monthlyAmount":10,"percentages":[50,80,100]}""");
        var monitor = server.Services.GetRequiredService<BudgetMonitor>();
        await ReadAsync(server, meter, clock, 0);

        var seen = new List<int>();
        foreach (var kwh in new[] { 4.0, 6.0, 6.5, 8.5, 8.6, 12.0, 12.5 })
        {
            clock.Advance(TimeSpan.FromHours(1));
            await ReadAsync(server, meter, clock, kwh * 1000);
            await monitor.CheckAsync(server.HomeId, CancellationToken.None);
            await monitor.CheckAsync(server.HomeId, CancellationToken.None);
            seen.Add((await AlertsAsync(server)).Count);
        }

        var budget = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/budget", WattlineJsonContext.Default.BudgetDto);
        var alerts = await AlertsAsync(server);
        clock.Advance(TimeSpan.FromHours(6));
        await ReadAsync(server, meter, clock, 13_000);
        await monitor.CheckAsync(server.HomeId, CancellationToken.None);
        var december = await AlertsAsync(server);

        Assert.Equal([0, 1, 1, 2, 2, 3, 3], seen);
        Assert.Equal(["Budget of 2026-11 exceeded", "80 % of the budget of 2026-11 spent", "50 % of the budget of 2026-11 spent"], alerts.Select(a => a.Title).ToArray());
        Assert.Equal(["major", "warning", "warning"], alerts.Select(a => a.Severity).ToArray());
        Assert.All(alerts, a => Assert.Equal(("budget", "active"), (a.Kind, a.State)));
        Assert.Contains("12.00 EUR, 120 % of the 10.00 EUR budget", alerts[0].Message, StringComparison.Ordinal);
        var status = budget!.Status!;
        Assert.Equal(("2026-11", "EUR", 12.5), (status.Month, status.Currency, status.Spent));
        Assert.Equal([50, 80, 100], status.Reached);
        Assert.True(status.Forecast > status.Spent, $"forecast {status.Forecast}");
        Assert.All(december, a => Assert.Equal("cleared", a.State));
    }

    [Theory]
    [InlineData("""{"monthlyAmount":-5}""", "monthlyAmount")]
    [InlineData("""{"monthlyAmount":10.001}""", "monthlyAmount")]
    [InlineData("""{"monthlyAmount":10,"percentages":[100,50]}""", "percentages")]
    [InlineData("""{"monthlyAmount":10,"percentages":[0]}""", "percentages")]
    public async Task Budget_Refused_ProblemNamesTheField(string body, string field)
    {
        await using var server = await WattlineServer.StartAsync();

        using var response = await server.Http.PutAsync($"api/v1/homes/{server.HomeId}/budget", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task PutAsync(WattlineServer server, string what, string body)
    {
        using var response = await server.Http.PutAsync($"api/v1/homes/{server.HomeId}/{what}", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task ReadAsync(WattlineServer server, CreatedDeviceDto meter, FakeTimeProvider clock, double wh)
    {
        var csv = $"time,metric,value\n{clock.GetUtcNow().AddMinutes(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)},energy_import,{wh.ToString(CultureInfo.InvariantCulture)}\n";
        using var response = await server.Http.PostAsync($"api/v1/devices/{meter.Device.Id}/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<IReadOnlyList<AlertDto>> AlertsAsync(WattlineServer server) =>
        (await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/alerts?kind=budget", WattlineJsonContext.Default.AlertPageDto))!.Alerts;
}
