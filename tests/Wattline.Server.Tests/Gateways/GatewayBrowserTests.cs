using System.Net;
using Microsoft.Playwright;
using Wattline.Gateway.Configuration;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator.Modbus;
using static Wattline.Server.Tests.Gateways.GatewayPollingTests;

namespace Wattline.Server.Tests.Gateways;

public sealed class GatewayBrowserTests
{
    [Fact]
    public async Task Dashboard_Gateway_MetersBeneathItWithTheirStateAndTheBuffer()
    {
        await using var server = await WattlineServer.StartAsync();
        await using var bus = new SimulatedModbusBus([new(1, "sdm630"), new(3, "sunspec")], 9, Site, TimeProvider.System);
        bus.StartTcp(IPAddress.Loopback, 0);
        await using var gateway = await GatewayRig.StartAsync(
            server,
            [new BusOptions { Name = "lan", Tcp = new TcpOptions { Host = "127.0.0.1", Port = bus.TcpPort }, TimeoutMs = 100, Retries = 0 }],
            [Meter("grid", "Grid meter", "lan", 1, "sdm630"), Meter("pv", "Roof inverter", "lan", 3, "sunspec"), Meter("garage", "Garage", "lan", 5, "pzem004t")]);
        var meters = await Eventually.MatchAsync(
            () => MetersOfAsync(server, gateway.GatewayId),
            m => m.Count == 3 && m.Count(d => d.Online) == 2 && m.Single(d => d.MeterKey == "garage") is { Online: false },
            TimeSpan.FromSeconds(30));
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: new ViewportSize { Width = 1280, Height = 900 });

        // The device list: each meter right after its gateway, marked as read through it.
        await page.GotoAsync(server.BaseAddress.ToString());
        var cards = page.Locator(".device-card");
        await Assertions.Expect(cards).ToHaveCountAsync(4);
        var order = await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.deviceId)");
        var gatewayAt = Array.IndexOf(order, gateway.GatewayId);
        Assert.Equal(meters.Select(m => m.Id).Order(), order.Skip(gatewayAt + 1).Take(3).Order());
        await Assertions.Expect(page.Locator($".device-card[data-parent-id='{gateway.GatewayId}'] .device-card__via").First).ToContainTextAsync("via Pi gateway");
        await Assertions.Expect(page.Locator($".device-card[data-device-id='{gateway.GatewayId}'] [data-meters='3']")).ToContainTextAsync("2 of 3");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("gateway-devices"), FullPage = true });

        // The gateway's page: its meters, which answer, why one does not, and the buffer.
        await page.GotoAsync($"{server.BaseAddress}devices/{gateway.GatewayId}");
        var table = page.Locator(".gateway__meters");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(table.Locator("[data-meter='grid'] [data-online='true']")).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("[data-meter='garage'] [data-online='false']")).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("[data-meter='garage'] .gateway__error")).ToContainTextAsync("gateway target failed to respond");
        await Assertions.Expect(page.Locator("[data-buffer='dropped']")).ToHaveTextAsync("0 readings");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("gateway-page"), FullPage = true });

        // A meter's page leads back up to its gateway.
        await table.Locator("[data-meter='pv'] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{server.BaseAddress}devices/{meters.Single(m => m.MeterKey == "pv").Id}");
        await Assertions.Expect(page.Locator(".crumbs a").Nth(1)).ToHaveTextAsync("Pi gateway");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{server.BaseAddress}devices/{gateway.GatewayId}");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("gateway-phone"), FullPage = true });
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the gateway page scrolls sideways on a phone");
    }
}
