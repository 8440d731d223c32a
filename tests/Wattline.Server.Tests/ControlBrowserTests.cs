using System.Net.Http.Json;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator;
using Wattline.Simulator.Models;

namespace Wattline.Server.Tests;

public sealed class ControlBrowserTests
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    [Fact]
    public async Task Switch_SocketToggledInTheDashboard_ShowsTheStateTheDeviceConfirmed()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Commands:FirstRetry"] = "00:00:00.300",
            ["Wattline:Commands:CheckInterval"] = "00:00:00.100",
        });
        var created = await server.CreateDeviceAsync("Desk strip", "smart_socket", relays: 2);
        await using var device = await SimulatedRun.StartAsync(server, created, DeviceTransport.WebSocket);
        await device.OnlineAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: Desktop);

        await page.GotoAsync($"{server.BaseAddress}devices/{created.Device.Id}");
        var relay2 = page.Locator("[data-relay='2'] [role='switch']");
        await Assertions.Expect(relay2).ToHaveAttributeAsync("aria-checked", "true");
        await Assertions.Expect(relay2).ToBeEnabledAsync();
        await relay2.ClickAsync();

        // The switch follows the device's report, not the click: the state is the one the simulated socket confirmed.
        await Assertions.Expect(relay2).ToHaveAttributeAsync("aria-checked", "false");
        await Assertions.Expect(page.Locator("[data-relay='2'] [data-state='succeeded']")).ToBeVisibleAsync();
        Assert.False(((SmartSocketModel)device.Device.Model).GetRelay(2));
        Assert.True(((SmartSocketModel)device.Device.Model).GetRelay(1));
        var row = page.Locator(".command-table tbody tr").First;
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "succeeded");
        await Assertions.Expect(row).ToContainTextAsync("Relay 2 off");
        await Assertions.Expect(row).ToContainTextAsync("websocket");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("control-switched"), FullPage = true });

        // A command the device never gets: the page says it waits, then that it expired, and the switch stays as confirmed.
        await device.DisposeAsync();
        await Assertions.Expect(page.Locator("[data-online='false']").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.Locator("[data-relay='1'] [role='switch']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-relay='1'] [data-state='queued']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-relay='1'] [role='switch']")).ToHaveAttributeAsync("aria-checked", "true");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("control-waiting"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("control-phone"), FullPage = true });
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the device page scrolls sideways on a phone");
    }

    [Fact]
    public async Task Switch_Viewer_SeesTheSwitchesButCannotUseThem()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });
        using var response = await house.OwnerA.Client.PostAsJsonAsync(
            "api/v1/devices", new CreateDeviceRequest("Lamp", "smart_socket", 1, house.HomeA.Id), WattlineJsonContext.Default.CreateDeviceRequest);
        var lamp = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
        await Browser.SignInAsync(page, server, house.ViewerA.Name, "plenty-of-entropy-42");

        await page.GotoAsync($"{server.BaseAddress}devices/{lamp.Device.Id}");

        await Assertions.Expect(page.Locator(".controls")).ToContainTextAsync("Viewers see the switches");
        await Assertions.Expect(page.Locator(".controls [role='switch']").First).ToBeDisabledAsync();
    }
}
