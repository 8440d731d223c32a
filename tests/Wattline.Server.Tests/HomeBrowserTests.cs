using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Homes;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class HomeBrowserTests
{
    private const string BobPassword = "plenty-of-entropy-42";

    [Fact]
    public async Task DevicePage_DeviceOfAnotherHome_ShowsNotFoundAndNoData()
    {
        await using var server = await WattlineServer.StartAsync();
        var meter = await server.CreateDeviceAsync("Secret meter", "single_phase_meter");
        Assert.Equal(HttpStatusCode.OK, (await server.UploadAsync(meter.Device.Id, meter.Token, """{"metrics":{"active_power":1234.5}}""")).StatusCode);
        await server.CreateUserAsync("bob", BobPassword);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, "bob", BobPassword);

        var response = await page.GotoAsync(new Uri(server.BaseAddress, $"devices/{meter.Device.Id}").ToString());

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Device not found");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Secret meter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", text, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-action='rename'], [data-action='delete'], [data-action='release']")).ToHaveCountAsync(0);
        // The same for the home itself and its log.
        var home = await page.GotoAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}").ToString());
        Assert.Equal((int)HttpStatusCode.NotFound, home!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Home not found");
        var log = await page.GotoAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}/audit").ToString());
        Assert.Equal((int)HttpStatusCode.NotFound, log!.Status);
        Assert.DoesNotContain("device.create", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("[data-empty='devices']")).ToContainTextAsync("No home yet");
        await Assertions.Expect(page.Locator("[data-device-id]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Invitation_OwnerInvitesSecondUser_SecondUserSeesHomeDevicesReadOnly()
    {
        await using var server = await WattlineServer.StartAsync();
        var plug = await server.CreateDeviceAsync("Shared plug", "smart_socket");
        await server.CreateUserAsync("bob", BobPassword);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var owner = await Browser.SignedInPageAsync(browser, server);
        await owner.Locator("[data-nav='home']").ClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}").ToString());

        await owner.Locator("[data-field='invitation-role']").SelectOptionAsync("viewer");
        await owner.Locator("[data-action='create-invitation']").ClickAsync();
        var code = (await owner.Locator("[data-invitation-code]").GetAttributeAsync("data-invitation-code"))!;
        Assert.StartsWith("wli_", code);
        await Assertions.Expect(owner.Locator("[data-table='invitations'] [data-state]").First).ToContainTextAsync("open until");

        var bob = await Browser.SignedInPageAsync(browser, server, "bob", BobPassword);
        await bob.Locator("[data-nav='account']").ClickAsync();
        await bob.Locator("[data-field='invitation-code']").FillAsync("wli_not-a-real-code");
        await bob.Locator("[data-action='accept-invitation']").ClickAsync();
        await Assertions.Expect(bob.Locator("[data-error='invitation-code']")).ToContainTextAsync("unknown");
        await bob.Locator("[data-field='invitation-code']").FillAsync(code);
        await bob.Locator("[data-action='accept-invitation']").ClickAsync();
        await Assertions.Expect(bob.Locator($"[data-joined='{server.HomeId}']")).ToContainTextAsync("Admin home");
        await Assertions.Expect(bob.Locator($"[data-home-id='{server.HomeId}'] [data-role]")).ToHaveTextAsync("Viewer");

        await bob.Locator(".topnav__link", new PageLocatorOptions { HasText = "Devices" }).ClickAsync();
        var card = bob.Locator($"[data-device-id='{plug.Device.Id}']");
        await Assertions.Expect(card).ToContainTextAsync("Shared plug");
        // A viewer adds, renames and deletes nothing.
        await Assertions.Expect(bob.Locator("[data-action='add-device']")).ToHaveCountAsync(0);
        await card.ClickAsync();
        await Assertions.Expect(bob.Locator("h1.device-head__name")).ToHaveTextAsync("Shared plug");
        await Assertions.Expect(bob.Locator("[data-action='rename'], [data-action='delete'], [data-action='release']")).ToHaveCountAsync(0);
        // The members list is readable; nothing on it can be changed, and the log is not there.
        await bob.GotoAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}").ToString());
        await Assertions.Expect(bob.Locator("[data-member='bob'] [data-role]")).ToHaveTextAsync("Viewer");
        await Assertions.Expect(bob.Locator("[data-member='admin'] [data-role]")).ToHaveTextAsync("Owner");
        await Assertions.Expect(bob.Locator("select[data-field='role'], [data-action='remove-member'], [data-action='create-invitation'], [data-tab='audit']")).ToHaveCountAsync(0);

        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator("[data-table='invitations'] [data-state]").First).ToHaveTextAsync("accepted by bob");
        await Assertions.Expect(owner.Locator("[data-member='bob'] select[data-field='role']")).ToHaveValueAsync("viewer");
        await owner.Locator("[data-member='bob'] select[data-field='role']").SelectOptionAsync("member");
        var members = await Eventually.MatchAsync(
            () => server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/members", WattlineJsonContext.Default.ListMemberDto)!,
            list => list!.Any(m => m is { UserName: "bob", Role: "member" }));
        Assert.Equal(2, members!.Count);
        // The last owner cannot demote themselves; the refusal is explained and the choice undone.
        await owner.Locator("[data-member='admin'] select[data-field='role']").SelectOptionAsync("viewer");
        await Assertions.Expect(owner.Locator("[data-error='members']")).ToContainTextAsync("at least one owner");
        await Assertions.Expect(owner.Locator("[data-member='admin'] select[data-field='role']")).ToHaveValueAsync("owner");
    }

    [Fact]
    public async Task ClaimAndRelease_ProvisionedDevice_ShowInHomeAndInAuditLog()
    {
        await using var server = await WattlineServer.StartAsync();
        using var provision = await server.Anonymous.PostAsJsonAsync("api/v1/provision", new ProvisionRequest("Garage socket", "smart_socket"), WattlineJsonContext.Default.ProvisionRequest);
        var provisioned = (await provision.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.ProvisionedDeviceDto))!;
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.GotoAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}").ToString());
        // The only owner can neither leave nor remove themselves: the home would have nobody to manage it.
        await Assertions.Expect(page.Locator("[data-field='claim-code']")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-action='remove-member'], [data-action='leave-home']")).ToHaveCountAsync(0);

        await page.Locator("[data-field='claim-code']").FillAsync("AAAA-AAAA");
        await page.Locator("[data-action='claim-device']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='claim-code']")).ToContainTextAsync("unknown");
        // Codes are typed as people type them: lower case, without the dash.
        await page.Locator("[data-field='claim-code']").FillAsync(provisioned.ClaimCode.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        await page.Locator("[data-action='claim-device']").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-claimed='{provisioned.DeviceId}']")).ToContainTextAsync("Garage socket");
        var claimed = await server.Http.GetFromJsonAsync($"api/v1/devices/{provisioned.DeviceId}", WattlineJsonContext.Default.DeviceDto);
        Assert.Equal(server.HomeId, claimed!.HomeId);
        await page.Locator("[data-action='create-invitation']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-invitation-code]")).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1280, 1000);
        await page.ScreenshotAsync(Shot("home", fullPage: true));

        await page.Locator($"[data-claimed='{provisioned.DeviceId}'] a").ClickAsync();
        await Assertions.Expect(page.Locator("h1.device-head__name")).ToHaveTextAsync("Garage socket");
        await page.Locator("[data-action='release']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("all its readings are deleted");
        await page.Locator("[data-action='confirm-release']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator($"[data-device-id='{provisioned.DeviceId}']")).ToHaveCountAsync(0);
        using var released = await server.Http.GetAsync($"api/v1/devices/{provisioned.DeviceId}");
        Assert.Equal(HttpStatusCode.NotFound, released.StatusCode);

        await page.Locator("[data-nav='home']").ClickAsync();
        await page.Locator("[data-tab='audit']").ClickAsync();
        var log = page.Locator("[data-table='audit']");
        await Assertions.Expect(log.Locator("tbody tr").First).ToHaveAttributeAsync("data-audit-action", "device.release");
        await Assertions.Expect(log.Locator("[data-audit-action='device.claim'][data-outcome='ok']")).ToContainTextAsync("Garage socket");
        await Assertions.Expect(log.Locator("[data-audit-action='device.claim'][data-outcome='failed']")).ToHaveCountAsync(1);
        await Assertions.Expect(log.Locator("[data-audit-action='invitation.create']")).ToContainTextAsync("viewer");
        // Dashboard actions are recorded with the browser's address, like API calls.
        await Assertions.Expect(log.Locator("[data-audit-action='device.release']")).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(log.Locator("[data-audit-action='device.release']")).ToContainTextAsync(WattlineServer.AdminName);
        await page.ScreenshotAsync(Shot("home-audit", fullPage: true));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(Shot("home-audit-dark", fullPage: false));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(Shot("home-audit-phone", fullPage: false));
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the audit page scrolls sideways on a phone");
    }

    [Fact]
    public async Task AuditLog_MoreThanAPage_ShowsOlderEntriesOnRequest()
    {
        await using var server = await WattlineServer.StartAsync();
        for (var i = 1; i <= 55; i++)
        {
            using var response = await server.Http.PatchAsJsonAsync($"api/v1/homes/{server.HomeId}", new HomeRequest($"Home {i}"), WattlineJsonContext.Default.HomeRequest);
            response.EnsureSuccessStatusCode();
        }

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Times show in the browser's zone, whatever the server's.
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, TimezoneId = "Pacific/Auckland" });
        await Browser.SignInAsync(page, server);
        await page.GotoAsync(new Uri(server.BaseAddress, $"homes/{server.HomeId}/audit").ToString());

        var rows = page.Locator("[data-table='audit'] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        await Assertions.Expect(rows.First).ToContainTextAsync("Home 55");
        await Assertions.Expect(page.Locator(".panel__meta")).ToHaveTextAsync("Times in Pacific/Auckland");
        var newest = (await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/audit?limit=1", WattlineJsonContext.Default.AuditPageDto))!.Entries[0];
        var local = TimeZoneInfo.ConvertTime(newest.At, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland"));
        await Assertions.Expect(rows.First.Locator("time")).ToHaveTextAsync(local.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("[data-action='older']").ClickAsync();
        // 55 renames and the home's creation, newest first.
        await Assertions.Expect(rows).ToHaveCountAsync(56);
        await Assertions.Expect(rows.Last).ToHaveAttributeAsync("data-audit-action", "home.create");
        await Assertions.Expect(page.Locator("[data-action='older']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task DevicesPage_OwnerOfTwoHomes_GroupsByHomeAndAsksWhereToAdd()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateDeviceAsync("Flat meter", "single_phase_meter");
        using var created = await server.Http.PostAsJsonAsync("api/v1/homes", new HomeRequest("Cabin"), WattlineJsonContext.Default.HomeRequest);
        var cabin = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.HomeDto))!;
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);

        await Assertions.Expect(page.Locator($"[data-home-group='{server.HomeId}'] [data-device-id]")).ToContainTextAsync("Flat meter");
        await Assertions.Expect(page.Locator($"[data-home-group='{cabin.Id}']")).ToContainTextAsync("No devices in this home yet");
        await Assertions.Expect(page.Locator("[data-nav='home']")).ToHaveTextAsync(["Admin home", "Cabin"]);

        await page.Locator(".page-head [data-action='add-device']").ClickAsync();
        await page.Locator("[data-field='name']").FillAsync("Cabin socket");
        await page.Locator("[data-action='register']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='home']")).ToContainTextAsync("several homes");
        await page.Locator("[data-field='home']").SelectOptionAsync(cabin.Id);
        await page.Locator("[data-action='register']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-token]")).ToBeVisibleAsync();
        await page.Locator("[data-action='done']").ClickAsync();

        await Assertions.Expect(page.Locator($"[data-home-group='{cabin.Id}'] [data-device-id]")).ToContainTextAsync("Cabin socket");
        await page.ScreenshotAsync(Shot("devices-two-homes", fullPage: true));
    }

    private static PageScreenshotOptions Shot(string name, bool fullPage) =>
        new() { Path = Browser.ScreenshotPath(name), Animations = ScreenshotAnimations.Disabled, FullPage = fullPage };
}
