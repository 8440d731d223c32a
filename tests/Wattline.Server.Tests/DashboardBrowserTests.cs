using System.Net.Http.Json;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator;

namespace Wattline.Server.Tests;

public sealed class DashboardBrowserTests
{
    private static readonly Dictionary<string, string?> DemoWithoutHistory = new()
    {
        ["Wattline:Demo"] = "true",
        ["Wattline:DemoHome:BackfillDays"] = "0",
    };

    [Fact]
    public async Task Dashboard_DemoHome_ShowsDevicesAndLiveValueChange()
    {
        await using var server = await WattlineServer.StartAsync(DemoWithoutHistory);
        // The documented demo login owns the demo home; the plug joins it.
        using var demo = await DemoClientAsync(server);
        using var response = await demo.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest("Test plug", "smart_socket"), WattlineJsonContext.Default.CreateDeviceRequest);
        var plug = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
        await using var device = await DeviceClient.ConnectAsync(server, plug);
        await device.PublishTelemetryAsync("""{"metrics":{"active_power":42.5}}""");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var page = await Browser.SignedInPageAsync(browser, server, "demo", "kilowatt-hours");

        foreach (var demoDevice in DemoHome.Devices)
        {
            await Assertions.Expect(page.GetByText(demoDevice.Name, new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        }

        var power = page.Locator($"[data-device-id='{plug.Device.Id}'] [data-metric='active_power']").First;
        await Assertions.Expect(power).ToContainTextAsync("42.5");
        // A new reading published over MQTT reaches the open page without a reload.
        await device.PublishTelemetryAsync("""{"metrics":{"active_power":77.5}}""");
        await Assertions.Expect(power).ToContainTextAsync("77.5");
        await Assertions.Expect(page.Locator($"[data-device-id='{plug.Device.Id}'] [data-online='true']").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("devices"), FullPage = true });
    }

    [Fact]
    public async Task DevicePage_WithHistory_DrawsChartsAndEnergyBars()
    {
        await using var server = await WattlineServer.StartAsync();
        var meter = await server.CreateDeviceAsync("House meter", "single_phase_meter");
        await using var device = await DeviceClient.ConnectAsync(server, meter);
        var now = TimeProvider.System.GetUtcNow();
        var samples = Enumerable.Range(0, 360).Select(i =>
        {
            var ts = now.AddMinutes(-359 + i).ToUnixTimeMilliseconds();
            return $$$"""{"ts":{{{ts}}},"metrics":{"active_power":{{{300 + (i % 60) * 10}}},"voltage":230.{{{i % 10}}},"current":1.{{{i % 10}}},"energy_import":{{{100_000 + (i * 5)}}}}}""";
        });
        Assert.True((await device.PublishTelemetryAsync("{\"samples\":[" + string.Join(',', samples) + "]}")).IsSuccess);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);

        await page.GotoAsync(new Uri(server.BaseAddress, $"devices/{meter.Device.Id}").ToString());
        await page.Locator("[data-range='24h']").ClickAsync();

        foreach (var chart in new[] { "power", "voltage", "current", "energy" })
        {
            await Assertions.Expect(page.Locator($"canvas[data-chart='{chart}']")).ToBeVisibleAsync();
        }

        // 359 minutes of 5 Wh per minute.
        await Assertions.Expect(page.Locator("[data-energy-total]")).ToContainTextAsync("1.8");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("device"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("device-phone"), FullPage = true });
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the device page scrolls sideways on a phone");
    }

    // The demo login exists once the demo has created it, shortly after the server started.
    private static async Task<HttpClient> DemoClientAsync(WattlineServer server)
    {
        var response = await Eventually.MatchAsync(
            () => server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest("demo", "kilowatt-hours"), WattlineJsonContext.Default.LoginRequest),
            r => r.IsSuccessStatusCode,
            TimeSpan.FromSeconds(60));
        var tokens = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
        return server.ClientWith(tokens.AccessToken);
    }
}
