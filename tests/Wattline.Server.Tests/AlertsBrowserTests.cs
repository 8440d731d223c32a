using Microsoft.Playwright;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class AlertsBrowserTests
{
    [Fact]
    public async Task AlertsTab_RuleMadeInTheEditor_AlertAppearsLiveWithToastAndIsAcknowledged()
    {
        await using var server = await WattlineServer.StartAsync();
        var meter = await server.CreateDeviceAsync("Kitchen meter", "single_phase_meter");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.GotoAsync($"{server.BaseAddress}homes/{server.HomeId}/alerts");

        // The defaults are there; a rule whose clear value is on the wrong side is refused next to the field.
        var form = page.Locator("[data-form='alert-rule']");
        await Assertions.Expect(form.Locator("[data-action='save-alert-rule']")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("[data-alert-rule='Over-voltage']")).ToContainTextAsync("voltage above 253 V for 60 s, clears at 250 V");
        await form.Locator("[data-field='alert-name']").FillAsync("Kettle and oven");
        await form.Locator("[data-field='alert-device']").SelectOptionAsync(meter.Device.Id);
        await form.Locator("[data-field='alert-value']").FillAsync("3000");
        await form.Locator("[data-field='alert-clear']").FillAsync("3500");
        await form.Locator("[data-action='save-alert-rule']").ClickAsync();
        await Assertions.Expect(form.Locator("[data-error='clear']")).ToContainTextAsync("At or below");
        await form.Locator("[data-field='alert-clear']").FillAsync("2500");
        await form.Locator("[data-action='save-alert-rule']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-alert-rule='Kettle and oven']")).ToContainTextAsync("active_power above 3000 W, clears at 2500 W");

        // A reading above it: the alert shows up in the list and as a toast, without reloading.
        (await server.UploadAsync(meter.Device.Id, meter.Token, """{"metrics":{"active_power":3600}}""")).EnsureSuccessStatusCode();
        var alert = page.Locator("[data-list='alerts'] [data-alert-state='active']");
        await Assertions.Expect(alert).ToContainTextAsync("Kettle and oven: Kitchen meter");
        await Assertions.Expect(page.Locator("[data-toast]")).ToContainTextAsync("Kettle and oven: Kitchen meter");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("alerts-raised"), FullPage = true });

        await alert.Locator("[data-action='acknowledge']").ClickAsync();
        var acknowledged = page.Locator("[data-list='alerts'] [data-alert-state='acknowledged']");
        await Assertions.Expect(acknowledged.Locator("[data-acknowledged]")).ToContainTextAsync($"acknowledged by {WattlineServer.AdminName}");

        // Back under the clear value: gone from the open list, shown under cleared with the reading that cleared it.
        (await server.UploadAsync(meter.Device.Id, meter.Token, """{"metrics":{"active_power":2400}}""")).EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator("[data-list='alerts-empty']")).ToBeVisibleAsync();
        await page.Locator("[data-filter='state']").SelectOptionAsync("cleared");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("state=cleared"));
        await Assertions.Expect(page.Locator("[data-alert-state='cleared'] [data-cleared]")).ToContainTextAsync("at 2400 W");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("alerts-cleared"), FullPage = true });

        // Own email choices: minor and up, quiet from 22:00 to 07:00, kept by the server.
        var notify = page.Locator("[data-form='notifications']");
        await notify.Locator("[data-field='notify-email']").CheckAsync();
        await notify.Locator("label:has-text('Minor') input").CheckAsync();
        await notify.Locator("[data-field='notify-quiet-start']").FillAsync("22:00");
        await notify.Locator("[data-field='notify-quiet-end']").FillAsync("07:00");
        await notify.Locator("[data-action='save-notifications']").ClickAsync();
        await Assertions.Expect(notify.Locator("[data-saved]")).ToBeVisibleAsync();
        var saved = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/notification-preferences");
        Assert.Contains("\"quietStart\":\"22:00\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"severities\":[\"critical\",\"major\",\"minor\"]", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Toasts_AlertRaisedWhileDevicesPageIsOpen_ToastLinksToOpenAlerts()
    {
        await using var server = await WattlineServer.StartAsync();
        var meter = await server.CreateDeviceAsync("Kitchen meter", "single_phase_meter");
        await CreateRuleAsync(server.Http, server.HomeId, $$"""{"name":"Heater on","type":"threshold","severity":"warning","deviceId":"{{meter.Device.Id}}","metric":"active_power","operator":"above","value":1500}""");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.GotoAsync(server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("[data-toasts='following']")).ToBeAttachedAsync();

        (await server.UploadAsync(meter.Device.Id, meter.Token, """{"metrics":{"active_power":2000}}""")).EnsureSuccessStatusCode();
        var toast = page.Locator("[data-toast]");
        await Assertions.Expect(toast).ToContainTextAsync("Heater on: Kitchen meter");
        await Assertions.Expect(toast.Locator(".sev--warning")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("alerts-toast-devices") });

        await toast.Locator("a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"homes/{server.HomeId}/alerts$"));
        await Assertions.Expect(page.Locator("[data-filter='state']")).ToHaveValueAsync("open");
        await Assertions.Expect(page.Locator("[data-list='alerts'] [data-severity='warning']")).ToContainTextAsync("Heater on: Kitchen meter");
        await Assertions.Expect(toast).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AlertRules_DisabledRuleEdited_StaysDisabledAndNewRuleFormKept()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server);
        await page.GotoAsync($"{server.BaseAddress}homes/{server.HomeId}/alerts");
        var form = page.Locator("[data-form='alert-rule']");
        var rule = page.Locator("[data-alert-rule='Over-voltage']");
        await Assertions.Expect(form.Locator("[data-action='save-alert-rule']")).ToBeEnabledAsync();

        // Switching a rule off leaves a rule being written in the form alone.
        await form.Locator("[data-field='alert-name']").FillAsync("Half written");
        await rule.Locator("[data-action='enable-alert-rule']").ClickAsync();
        await Assertions.Expect(rule).ToContainTextAsync("disabled ·");
        await Assertions.Expect(form.Locator("[data-field='alert-name']")).ToHaveValueAsync("Half written");

        // Edited while off, it stays off.
        await rule.Locator("[data-action='edit-alert-rule']").ClickAsync();
        await Assertions.Expect(form.Locator("[data-field='alert-value']")).ToHaveValueAsync("253");
        await form.Locator("[data-field='alert-value']").FillAsync("255");
        await form.Locator("[data-action='save-alert-rule']").ClickAsync();
        await Assertions.Expect(rule).ToContainTextAsync("disabled · every device · voltage above 255 V for 60 s, clears at 250 V");
        await Assertions.Expect(rule.Locator("[data-action='enable-alert-rule']")).ToHaveTextAsync("Enable");
    }

    [Fact]
    public async Task AlertsTab_Viewer_SeesAlertsButCannotActOrChangeRules()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        using (var rule = await house.OwnerA.Client.PostAsync(
            $"api/v1/homes/{house.HomeA.Id}/alert-rules",
            new StringContent($$"""{"name":"Any voltage","type":"threshold","severity":"minor","deviceId":"{{house.DeviceA.Device.Id}}","metric":"voltage","operator":"above","value":200}""", System.Text.Encoding.UTF8, "application/json")))
        {
            rule.EnsureSuccessStatusCode();
        }

        (await server.UploadAsync(house.DeviceA.Device.Id, house.DeviceA.Token, """{"metrics":{"voltage":231}}""")).EnsureSuccessStatusCode();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, "vera", "plenty-of-entropy-42");
        await page.GotoAsync($"{server.BaseAddress}homes/{house.HomeA.Id}/alerts");

        await Assertions.Expect(page.Locator("[data-list='alerts'] [data-severity='minor']")).ToContainTextAsync("Any voltage: Kitchen meter");
        await Assertions.Expect(page.Locator("[data-alert-rule='Any voltage']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-action='acknowledge']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-action='clear']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-form='alert-rule']")).ToHaveCountAsync(0);
    }

    private static async Task CreateRuleAsync(HttpClient client, string homeId, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"api/v1/homes/{homeId}/alert-rules", content);
        response.EnsureSuccessStatusCode();
    }
}
