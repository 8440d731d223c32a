using Microsoft.Playwright;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class HomeDataBrowserTests
{
    [Fact]
    public async Task DataTab_OwnerSeesDiskUseAndSetsRetentionAndTimeZone()
    {
        await using var server = await WattlineServer.StartAsync();
        var pump = await server.CreateDeviceAsync("Heat pump", "single_phase_meter");
        await server.CreateDeviceAsync("Spare plug", "smart_socket");
        await HomeStorageTests.UploadMinutesAsync(server, pump, TimeProvider.System.GetUtcNow().AddDays(-3).ToUnixTimeMilliseconds(), 2 * 1440);
        await server.RestartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.GotoAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}").ToString());

        await page.Locator("[data-tab='data']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}/data").ToString());
        await Assertions.Expect(page.Locator("[data-storage-total]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? KiB$"));
        await Assertions.Expect(page.Locator("[data-table='device-storage'] tbody tr").First).ToContainTextAsync("Heat pump");
        await Assertions.Expect(page.Locator("[data-table='device-storage'] tbody tr").Last).ToContainTextAsync("Spare plug0 B");
        await Assertions.Expect(page.Locator("[data-resolution='raw'] [data-kept]")).ToHaveTextAsync("90 days");
        await Assertions.Expect(page.Locator("[data-resolution='1h'] [data-kept]")).ToHaveTextAsync("Forever");

        await page.Locator("[data-field='retention-raw']").FillAsync("0");
        await page.Locator("[data-action='save-retention']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='retention']")).ToContainTextAsync("Raw points");

        await page.Locator("[data-field='retention-raw']").FillAsync("30");
        await page.Locator("[data-field='retention-minute']").FillAsync("365");
        await page.Locator("[data-action='save-retention']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-saved='retention']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-resolution='raw'] [data-kept]")).ToHaveTextAsync("30 days");
        await Assertions.Expect(page.Locator("[data-resolution='1m'] [data-kept]")).ToHaveTextAsync("365 days");
        await Assertions.Expect(page.Locator("[data-error='retention']")).ToHaveCountAsync(0);

        await page.Locator("[data-field='time-zone']").FillAsync("Mars/Olympus");
        await page.Locator("[data-action='save-time-zone']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='time-zone']")).ToContainTextAsync("IANA");
        await page.Locator("[data-field='time-zone']").FillAsync("Asia/Kathmandu");
        await page.Locator("[data-action='save-time-zone']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-home-zone]")).ToHaveTextAsync("Asia/Kathmandu");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("home-data"), Animations = ScreenshotAnimations.Disabled, FullPage = true });
    }
}
