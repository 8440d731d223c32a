using Microsoft.Playwright;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>A server nobody has set up yet (the test kit's server always creates its administrator first).</summary>
public sealed class FirstRunBrowserTests
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    [Fact]
    public async Task Setup_NewServer_CreatesAdministratorWithHomeThenSendsLaterVisitorsToLogin()
    {
        await using var server = await WattlineServerWithoutSetup.StartAsync(demo: false);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });

        await page.GotoAsync(server.BaseAddress.ToString());

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, "setup").ToString());
        // Without the code from the data folder, nobody becomes administrator.
        await page.Locator("[data-field='setup-code']").FillAsync("AAAA-BBBB");
        await page.Locator("[data-field='username']").FillAsync("intruder");
        await page.Locator("[data-field='password']").FillAsync("solar-panel-orchard");
        await page.Locator("[data-field='repeat-password']").FillAsync("solar-panel-orchard");
        await page.Locator("[data-action='create-account']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='setupCode']")).ToContainTextAsync("setup-code.txt");
        await page.Locator("[data-field='setup-code']").FillAsync(server.SetupCode);
        await page.Locator("[data-field='username']").FillAsync("root");
        await page.Locator("[data-field='password']").FillAsync("solar-panel-orchard");
        await page.Locator("[data-field='repeat-password']").FillAsync("solar-panel-orchard");
        await page.Locator("[data-field='home-name']").FillAsync("Farmhouse");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("setup"), Animations = ScreenshotAnimations.Disabled });
        await page.Locator("[data-action='create-account']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("[data-user-name]")).ToHaveTextAsync("root");
        await Assertions.Expect(page.Locator("[data-nav='users']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-nav='home']")).ToHaveTextAsync("Home");
        var other = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });
        await other.GotoAsync(new Uri(server.BaseAddress, "setup").ToString());
        await Assertions.Expect(other).ToHaveURLAsync(new Uri(server.BaseAddress, "login").ToString());
        await Assertions.Expect(other.Locator("[data-notice='setup']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Login_DemoServerWithoutAdministrator_DemoSignsInAndSetupIsOffered()
    {
        await using var server = await WattlineServerWithoutSetup.StartAsync(demo: true);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });
        // The demo creates its login shortly after the server started.
        await Eventually.MatchAsync(
            async () => (await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString()))!.Url,
            url => url.EndsWith("/login", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));

        await Assertions.Expect(page.Locator("[data-notice='setup'] a")).ToHaveAttributeAsync("href", "setup");
        await Browser.SignInAsync(page, server.BaseAddress, "demo", "kilowatt-hours");

        await Assertions.Expect(page.Locator("[data-device-id]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-nav='users']")).ToHaveCountAsync(0);
    }
}
