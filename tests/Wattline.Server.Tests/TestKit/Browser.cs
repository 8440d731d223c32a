using Microsoft.Playwright;

namespace Wattline.Server.Tests.TestKit;

/// <summary>Debian's Chromium driven by Playwright; no browser is ever downloaded.</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (scripts/test.sh does)");
        }

        // A 2-core CI machine running other test classes beside the browser needs more than the default 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Flags,
        });
        return (playwright, browser);
    }

    /// <summary>A page of its own browser context (its own cookies), signed in through the real sign-in form.</summary>
    public static async Task<IPage> SignedInPageAsync(
        IBrowser browser, WattlineServer server, string userName = WattlineServer.AdminName, string password = WattlineServer.AdminPassword, ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 } });
        await SignInAsync(page, server, userName, password);
        return page;
    }

    /// <summary>Signs in as a person would: the sign-in page, its form, and the dashboard showing the user's name.</summary>
    public static Task SignInAsync(IPage page, WattlineServer server, string userName = WattlineServer.AdminName, string password = WattlineServer.AdminPassword) =>
        SignInAsync(page, server.BaseAddress, userName, password);

    /// <summary>Signs in on the server at <paramref name="baseAddress"/>.</summary>
    public static async Task SignInAsync(IPage page, Uri baseAddress, string userName, string password)
    {
        await page.GotoAsync(new Uri(baseAddress, "login").ToString());
        await page.Locator("[data-field='username']").FillAsync(userName);
        await page.Locator("[data-field='password']").FillAsync(password);
        await page.Locator("[data-action='sign-in']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-user-name]")).ToHaveTextAsync(userName);
    }

    /// <summary>Where screenshots of a test run go, so a person can look at what the test saw.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
