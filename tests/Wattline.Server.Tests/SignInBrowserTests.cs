using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class SignInBrowserTests
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    [Fact]
    public async Task DevicePage_NotSignedIn_RedirectsToLoginThenBackAfterSignIn()
    {
        await using var server = await WattlineServer.StartAsync();
        var meter = await server.CreateDeviceAsync("Garage meter", "single_phase_meter");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });

        await page.GotoAsync(new Uri(server.BaseAddress, $"devices/{meter.Device.Id}").ToString());

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"login?ReturnUrl=%2Fdevices%2F{meter.Device.Id}").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        Assert.Empty(await page.Locator("[data-user-name]").AllAsync());
        await page.ScreenshotAsync(Shot("login"));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(Shot("login-dark"));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });

        await page.Locator("[data-field='username']").FillAsync(WattlineServer.AdminName);
        await page.Locator("[data-field='password']").FillAsync(WattlineServer.AdminPassword);
        await page.Locator("[data-action='sign-in']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"devices/{meter.Device.Id}").ToString());
        await Assertions.Expect(page.Locator("h1.device-head__name")).ToHaveTextAsync("Garage meter");
        await Assertions.Expect(page.Locator("[data-user-name]")).ToHaveTextAsync(WattlineServer.AdminName);
    }

    [Fact]
    public async Task Login_ForeignReturnUrl_LandsOnOwnDeviceList()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });

        foreach (var foreign in new[] { "https://example.com/", "//example.com/", "/\\example.com/" })
        {
            await page.GotoAsync(new Uri(server.BaseAddress, "login?ReturnUrl=" + Uri.EscapeDataString(foreign)).ToString());
            await page.Locator("[data-field='username']").FillAsync(WattlineServer.AdminName);
            await page.Locator("[data-field='password']").FillAsync(WattlineServer.AdminPassword);
            await page.Locator("[data-action='sign-in']").ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Devices");
            await page.Context.ClearCookiesAsync();
        }
    }

    [Fact]
    public async Task Login_WrongPasswordFiveTimes_ShowsErrorThenLockoutEvenWithRightPassword()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateUserAsync("carol", "plenty-of-entropy-42");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });
        await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString());

        await SubmitAsync(page, "carol", "not-her-password");
        await Assertions.Expect(page.Locator("[data-error='login']")).ToHaveTextAsync("Wrong user name or password.");
        // The password is not sent back into the page.
        await Assertions.Expect(page.Locator("[data-field='password']")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("[data-field='username']")).ToHaveValueAsync("carol");
        await page.ScreenshotAsync(Shot("login-wrong-password"));
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await SubmitAsync(page, "carol", $"still-wrong-{attempt}");
        }

        await SubmitAsync(page, "carol", "plenty-of-entropy-42");

        await Assertions.Expect(page.Locator("[data-error='login']")).ToContainTextAsync("locked");
        await Assertions.Expect(page.Locator("[data-error='login']")).ToContainTextAsync("Try again later");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath);
        // One lockout for every way in: the API refuses the right password too.
        using var api = await server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest("carol", "plenty-of-entropy-42"), WattlineJsonContext.Default.LoginRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit", WattlineJsonContext.Default.AuditPageDto);
        var attempts = audit!.Entries.Where(e => e is { Action: "login", Target: "carol" } && e.Detail!.StartsWith("dashboard", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, attempts.Count);
        Assert.Equal("denied", attempts[0].Outcome);
        Assert.All(attempts, e => Assert.Equal("127.0.0.1", e.RemoteAddress));
    }

    [Fact]
    public async Task Logout_SignedIn_EndsSessionAndOldCookieNoLongerWorks()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: Desktop);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "wattline.session");
        using (var stillIn = await GetWithCookieAsync(server, "", session.Value))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        await page.Locator("[data-action='logout']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, "login").ToString());
        await page.GotoAsync(new Uri(server.BaseAddress, "account").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, "login?ReturnUrl=%2Faccount").ToString());
        // A copy of the cookie taken before signing out is worth nothing now, in a browser or elsewhere.
        using var copy = await GetWithCookieAsync(server, "", session.Value);
        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        Assert.StartsWith("/login", copy.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var other = await browser.NewContextAsync();
        await other.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path }]);
        var otherPage = await other.NewPageAsync();
        await otherPage.GotoAsync(server.BaseAddress.ToString());
        await Assertions.Expect(otherPage).ToHaveURLAsync(new Uri(server.BaseAddress, "login?ReturnUrl=%2F").ToString());
        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(audit!.Entries, e => e is { Action: "logout", Detail: "dashboard", RemoteAddress: "127.0.0.1" });
    }

    [Fact]
    public async Task DashboardForms_PostWithoutAntiforgeryToken_AreRefused()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: Desktop);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "wattline.session").Value;

        using var login = await PostFormAsync(server, "login", null, ("_handler", "login"), ("Input.UserName", WattlineServer.AdminName), ("Input.Password", WattlineServer.AdminPassword));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.DoesNotContain(login.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("wattline.session=", StringComparison.Ordinal) && !v.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal)));
        // A forged sign-out from another site carries the session cookie but no token: refused, and the session goes on.
        using var logout = await PostFormAsync(server, "logout", session, ("_handler", "logout"));
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        using var password = await PostFormAsync(server, "account/password", session, ("_handler", "password"), ("Input.CurrentPassword", WattlineServer.AdminPassword), ("Input.NewPassword", "another-long-passphrase"), ("Input.RepeatPassword", "another-long-passphrase"));
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        // Opening the sign-out address only asks.
        using var ask = await GetWithCookieAsync(server, "logout", session);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        using var stillIn = await GetWithCookieAsync(server, "account", session);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword);
    }

    [Fact]
    public async Task SetupPage_ServerAlreadySetUp_RedirectsToLogin()
    {
        await using var server = await WattlineServer.StartAsync();
        using var setup = await GetWithCookieAsync(server, "setup", null);
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        Assert.Equal("/login", setup.Headers.Location!.AbsolutePath);
        using var signUp = await GetWithCookieAsync(server, "signup", null);
        Assert.Equal(HttpStatusCode.NotFound, signUp.StatusCode);
    }

    [Fact]
    public async Task SignUp_Allowed_CreatesAccountWithOwnHomeAndSignsIn()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:Accounts:AllowSignUp"] = "true" });
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Desktop });
        await page.GotoAsync(new Uri(server.BaseAddress, "login").ToString());
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Create an account" }).ClickAsync();

        await page.Locator("[data-field='username']").FillAsync("dana");
        await page.Locator("[data-field='password']").FillAsync("password123");
        await page.Locator("[data-field='repeat-password']").FillAsync("password123");
        await page.Locator("[data-field='home-name']").FillAsync("Dana's flat");
        await page.Locator("[data-action='create-account']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='password']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-field='home-name']")).ToHaveValueAsync("Dana's flat");
        await page.ScreenshotAsync(Shot("signup-refused"));

        await page.Locator("[data-field='password']").FillAsync("lantern-orbit-meadow");
        await page.Locator("[data-field='repeat-password']").FillAsync("lantern-orbit-meadow");
        await page.Locator("[data-action='create-account']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("[data-user-name]")).ToHaveTextAsync("dana");
        await Assertions.Expect(page.Locator("[data-nav='home']")).ToHaveTextAsync("Home");
        await Assertions.Expect(page.Locator("[data-empty='devices'] [data-action='add-device']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-nav='users']")).ToHaveCountAsync(0);
    }

    private static async Task SubmitAsync(IPage page, string userName, string password)
    {
        await page.Locator("[data-field='username']").FillAsync(userName);
        await page.Locator("[data-field='password']").FillAsync(password);
        // Each attempt is a full page load: wait for the new document, so the next attempt fills the new form.
        await page.EvaluateAsync("() => window.submitted = true");
        await page.Locator("[data-action='sign-in']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.submitted !== true && document.readyState === 'complete'");
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(WattlineServer server, string path, string? session)
    {
        using var client = NoRedirects(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (session is not null)
        {
            request.Headers.Add("Cookie", "wattline.session=" + session);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(WattlineServer server, string path, string? session, params (string Name, string Value)[] fields)
    {
        using var client = NoRedirects(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        if (session is not null)
        {
            request.Headers.Add("Cookie", "wattline.session=" + session);
        }

        return await client.SendAsync(request);
    }

    private static HttpClient NoRedirects(WattlineServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static PageScreenshotOptions Shot(string name) =>
        new() { Path = Browser.ScreenshotPath(name), Animations = ScreenshotAnimations.Disabled };
}
