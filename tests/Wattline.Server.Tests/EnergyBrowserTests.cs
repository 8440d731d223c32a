using System.Globalization;
using Microsoft.Playwright;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class EnergyBrowserTests
{
    [Fact]
    public async Task EnergyTab_DemoHome_StackedBarsByDeviceAndACostTotal()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Demo"] = "true",
            ["Wattline:DemoHome:BackfillDays"] = "2",
        });
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await Eventually.MatchAsync(
            async () =>
            {
                await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString());
                return await page.Locator("[data-field='username']").CountAsync();
            },
            count => count == 1,
            TimeSpan.FromSeconds(30));
        await Browser.SignInAsync(page, server, "demo", "kilowatt-hours");

        await page.Locator("[data-nav='home']").ClickAsync();
        await page.Locator("[data-tab='energy']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-period='day']")).ToHaveAttributeAsync("aria-pressed", "true");

        // Yesterday, wholly backfilled: a bar for every hour, split by device, and what it cost.
        await page.Locator("[data-action='previous-period']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=day&date="));
        await Assertions.Expect(page.Locator("[data-chart='energy-stack']")).Not.ToHaveAttributeAsync("data-bars", "0");
        await Assertions.Expect(page.Locator(".legend li")).Not.ToHaveCountAsync(0);
        var total = page.Locator("[data-cost-total]");
        await Assertions.Expect(total).ToContainTextAsync("EUR");
        Assert.True(double.Parse((await total.GetAttributeAsync("data-cost-total"))!, CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(page.Locator("[data-standing-charge]")).ToContainTextAsync("0.45 EUR");
        await Assertions.Expect(page.Locator("[data-table='bands']")).ToContainTextAsync("Night");
        await Assertions.Expect(page.Locator("[data-list='top-consumers'] li")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("energy-day"), FullPage = true });

        // The month, and a click on a day's bar zooms into that day.
        await page.Locator("[data-period='month']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-period='month']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-chart='energy-stack']")).Not.ToHaveAttributeAsync("data-bars", "0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("energy-month"), FullPage = true });
        var canvas = page.Locator("[data-chart='energy-stack']");
        var box = (await canvas.BoundingBoxAsync())!;
        var titleBefore = await page.Locator("[data-period-title]").TextContentAsync();
        for (var x = box.Width - 30; x > 60; x -= 12)
        {
            await canvas.ClickAsync(new LocatorClickOptions { Position = new Position { X = x, Y = box.Height - 40 } });
            if (page.Url.Contains("period=day", StringComparison.Ordinal))
            {
                break;
            }
        }

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=day"));
        await Assertions.Expect(page.Locator("[data-period-title]")).Not.ToHaveTextAsync(titleBefore!);
    }
}
