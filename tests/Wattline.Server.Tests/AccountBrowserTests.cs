using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class AccountBrowserTests
{
    [Fact]
    public async Task ApiKeys_CreateThenRevoke_KeyWorksUntilRevoked()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.Locator("[data-nav='account']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Account");

        await page.Locator("[data-action='new-key']").ClickAsync();
        await page.Locator("[data-field='key-name']").FillAsync("Home Assistant");
        await page.Locator("[data-scope='control']").CheckAsync();
        await page.Locator("[data-field='key-expiry']").SelectOptionAsync("30");
        await page.Locator("[data-action='create-key']").ClickAsync();

        var secretElement = page.Locator("[data-secret]");
        await Assertions.Expect(secretElement).ToBeVisibleAsync();
        var secret = (await secretElement.GetAttributeAsync("data-secret"))!;
        Assert.StartsWith("wlk_", secret);
        await page.ScreenshotAsync(Shot("api-key-created"));
        using (var client = server.ClientWith(secret))
        {
            var me = await client.GetFromJsonAsync("api/v1/me", WattlineJsonContext.Default.MeDto);
            Assert.Equal(["read", "control"], me!.Scopes);
        }

        await page.Locator("[data-action='done']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-secret]")).ToHaveCountAsync(0);
        var row = page.Locator("[data-table='keys'] tbody tr", new PageLocatorOptions { HasText = "Home Assistant" });
        await Assertions.Expect(row).ToContainTextAsync(secret[..10]);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.SetViewportSizeAsync(1280, 1000);
        await page.ScreenshotAsync(Shot("account", fullPage: true));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(Shot("account-dark", fullPage: true));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });

        await row.Locator("[data-action='revoke-key']").ClickAsync();
        await page.Locator("[data-action='confirm-revoke']").ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("revoked");
        using var revoked = server.ClientWith(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("api/v1/me")).StatusCode);
        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(audit!.Entries, e => e is { Action: "apikey.create", RemoteAddress: "127.0.0.1" } && e.Detail == "Home Assistant [read control]");
        Assert.Contains(audit.Entries, e => e is { Action: "apikey.revoke", Detail: "Home Assistant" });
    }

    [Fact]
    public async Task ChangePassword_RefusedThenAccepted_ExplainsUnderFieldAndKeepsSession()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateUserAsync("frank", "plenty-of-entropy-42");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, "frank", "plenty-of-entropy-42");
        await page.GotoAsync(new Uri(server.BaseAddress, "account").ToString());
        await page.Locator("[data-action='open-password']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Change password");

        await ChangeAsync(page, "not-my-password", "lantern-orbit-meadow", "lantern-orbit-meadow");
        await Assertions.Expect(page.Locator("[data-error='currentPassword']")).ToContainTextAsync("Incorrect password");
        await ChangeAsync(page, "plenty-of-entropy-42", "password2024", "password2024");
        await Assertions.Expect(page.Locator("[data-error='newPassword']")).ToContainTextAsync("common passwords");
        await Assertions.Expect(page.Locator("[data-field='new-password']")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.ScreenshotAsync(Shot("password-refused"));
        await ChangeAsync(page, "plenty-of-entropy-42", "lantern-orbit-meadow", "lantern-orbit-meadoww");
        await Assertions.Expect(page.Locator("[data-error='repeatPassword']")).ToContainTextAsync("differ");

        await ChangeAsync(page, "plenty-of-entropy-42", "lantern-orbit-meadow", "lantern-orbit-meadow");

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, "account?password=changed").ToString());
        await Assertions.Expect(page.Locator("[data-notice='password-changed']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-user-name]")).ToHaveTextAsync("frank");
        using var old = await server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest("frank", "plenty-of-entropy-42"), WattlineJsonContext.Default.LoginRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await server.LoginAsync("frank", "lantern-orbit-meadow");
        // This browser's session goes on with a renewed cookie.
        await page.GotoAsync(new Uri(server.BaseAddress, "account").ToString());
        await Assertions.Expect(page.Locator("[data-account-name]")).ToHaveTextAsync("frank");
    }

    private static async Task ChangeAsync(IPage page, string current, string next, string repeated)
    {
        await page.Locator("[data-field='current-password']").FillAsync(current);
        await page.Locator("[data-field='new-password']").FillAsync(next);
        await page.Locator("[data-field='repeat-password']").FillAsync(repeated);
        // A full page load: wait for the new document before looking at it.
        await page.EvaluateAsync("() => window.submitted = true");
        await page.Locator("[data-action='change-password']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.submitted !== true && document.readyState === 'complete'");
    }

    private static PageScreenshotOptions Shot(string name, bool fullPage = false) =>
        new() { Path = Browser.ScreenshotPath(name), Animations = ScreenshotAnimations.Disabled, FullPage = fullPage };
}
