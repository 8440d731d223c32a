using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class AdminBrowserTests
{
    [Fact]
    public async Task Users_CreateResetDisableEnableDelete_ChangesWhoCanSignIn()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.Locator("[data-nav='users']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Users");
        await Assertions.Expect(page.Locator("[data-user='admin'] th")).ToContainTextAsync("admin (you)");
        await Assertions.Expect(page.Locator("[data-user='admin']")).ToContainTextAsync("administrator");
        await Assertions.Expect(page.Locator("[data-user='admin']")).ToContainTextAsync("Admin home");

        await page.Locator("[data-action='new-user']").ClickAsync();
        await page.Locator("[data-field='new-user-name']").FillAsync("erin");
        await page.Locator("[data-field='new-user-password']").FillAsync("qwertyuiop");
        await page.Locator("[data-action='confirm-user']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='password']")).ToContainTextAsync("common passwords");
        await page.Locator("[data-field='new-user-password']").FillAsync("first-light-harbour");
        await page.Locator("[data-action='confirm-user']").ClickAsync();
        var erin = page.Locator("[data-user='erin']");
        await Assertions.Expect(erin.Locator("[data-state]")).ToHaveTextAsync("active");
        await server.LoginAsync("erin", "first-light-harbour");

        await erin.Locator("[data-action='reset-password']").ClickAsync();
        await page.Locator("[data-field='new-user-password']").FillAsync("second-tide-compass");
        await page.Locator("[data-action='confirm-user']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-field='new-user-password']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(server, "erin", "first-light-harbour"));
        await server.LoginAsync("erin", "second-tide-compass");

        await erin.Locator("[data-action='disable-user']").ClickAsync();
        await Assertions.Expect(erin.Locator("[data-state]")).ToHaveTextAsync("locked");
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(server, "erin", "second-tide-compass"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("users"), Animations = ScreenshotAnimations.Disabled });
        await erin.Locator("[data-action='enable-user']").ClickAsync();
        await Assertions.Expect(erin.Locator("[data-state]")).ToHaveTextAsync("active");
        await server.LoginAsync("erin", "second-tide-compass");

        // Administrators cannot lock themselves out.
        await Assertions.Expect(page.Locator("[data-user='admin'] [data-action='disable-user'], [data-user='admin'] [data-action='delete-user']")).ToHaveCountAsync(0);

        await erin.Locator("[data-action='delete-user']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("erin");
        await page.Locator("[data-action='confirm-user']").ClickAsync();
        await Assertions.Expect(erin).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(server, "erin", "second-tide-compass"));
        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit", WattlineJsonContext.Default.AuditPageDto);
        foreach (var action in new[] { "user.create", "password.reset", "user.disable", "user.enable", "user.delete" })
        {
            Assert.Contains(audit!.Entries, e => e.Action == action && e.Target == "erin" && e is { Actor: "admin", RemoteAddress: "127.0.0.1" });
        }
    }

    [Fact]
    public async Task UsersPage_NotAnAdministrator_IsNotFound()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateUserAsync("gina", "plenty-of-entropy-42");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, "gina", "plenty-of-entropy-42");
        await Assertions.Expect(page.Locator("[data-nav='users']")).ToHaveCountAsync(0);

        var response = await page.GotoAsync(new Uri(server.BaseAddress, "admin/users").ToString());

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.Locator("[data-user]")).ToHaveCountAsync(0);
        Assert.DoesNotContain("admin", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> LoginStatusAsync(WattlineServer server, string userName, string password)
    {
        using var response = await server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest(userName, password), WattlineJsonContext.Default.LoginRequest);
        return response.StatusCode;
    }
}
