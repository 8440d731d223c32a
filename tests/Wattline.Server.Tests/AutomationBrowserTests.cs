using Microsoft.Playwright;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator;
using Wattline.Simulator.Models;

namespace Wattline.Server.Tests;

public sealed class AutomationBrowserTests
{
    [Fact]
    public async Task AutomationTab_SceneScheduleRuleAndPause_MadeAndUsedInTheBrowser()
    {
        await using var server = await WattlineServer.StartAsync();
        var lamp = await server.CreateDeviceAsync("Hall lamp", "smart_socket", relays: 1);
        await using var device = await SimulatedRun.StartAsync(server, lamp, DeviceTransport.WebSocket);
        await device.OnlineAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: new ViewportSize { Width = 1280, Height = 900 });
        await page.GotoAsync($"{server.BaseAddress}homes/{server.HomeId}/automation");

        // A scene, saved and applied: the lamp goes off.
        var sceneForm = page.Locator("[data-form='scene']");
        await Assertions.Expect(sceneForm.Locator("[data-action='save-scene']")).ToBeEnabledAsync();
        await sceneForm.Locator("[data-field='scene-name']").FillAsync("Away");
        await sceneForm.Locator("[data-field='action-target']").SelectOptionAsync(lamp.Device.Id);
        await sceneForm.Locator("[data-field='action-choice']").SelectOptionAsync("relay:1:off");
        await sceneForm.Locator("[data-action='save-scene']").ClickAsync();
        var scene = page.Locator("[data-scene='Away']");
        await Assertions.Expect(scene).ToBeVisibleAsync();
        await scene.Locator("[data-action='apply-scene']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-scene-result='Away'] li")).ToHaveCountAsync(1);
        await Eventually.MatchAsync(() => Task.FromResult(((SmartSocketModel)device.Device.Model).GetRelay(1)), on => !on);

        // A schedule on weekdays at 07:00 with its next runs shown.
        var scheduleForm = page.Locator("[data-form='schedule']");
        await scheduleForm.Locator("[data-field='schedule-name']").FillAsync("Wake up");
        await scheduleForm.Locator("[data-field='schedule-at']").FillAsync("07:00");
        foreach (var day in new[] { "mon", "tue", "wed", "thu", "fri" })
        {
            await scheduleForm.Locator($"label:has-text('{day}') input").CheckAsync();
        }

        await scheduleForm.Locator("[data-field='action-target']").SelectOptionAsync(lamp.Device.Id);
        await scheduleForm.Locator("[data-field='action-choice']").SelectOptionAsync("relay:1:on");
        await scheduleForm.Locator("[data-action='save-schedule']").ClickAsync();
        var schedule = page.Locator("[data-schedule='Wake up']");
        await Assertions.Expect(schedule).ToContainTextAsync("07:00 on mon, tue, wed, thu, fri");
        await Assertions.Expect(schedule.Locator("[data-next-runs]")).ToContainTextAsync("(Europe/Berlin): ");
        await Assertions.Expect(schedule.Locator("[data-next-runs]")).ToContainTextAsync(" 07:00, ");

        // A rule refused by the server names what is missing, then saved.
        var ruleForm = page.Locator("[data-form='rule']");
        await ruleForm.Locator("[data-field='rule-name']").FillAsync("Lamp left on");
        await ruleForm.Locator("[data-action='save-rule']").ClickAsync();
        await Assertions.Expect(ruleForm.Locator("[data-error='when.deviceId']")).ToBeVisibleAsync();
        await ruleForm.Locator("[data-field='rule-device']").SelectOptionAsync(lamp.Device.Id);
        await ruleForm.Locator("[data-field='rule-value']").FillAsync("100");
        await ruleForm.Locator("[data-field='rule-for']").FillAsync("600");
        await ruleForm.Locator("[data-field='action-target']").SelectOptionAsync("notify");
        await ruleForm.Locator("[data-field='action-text']").FillAsync("The hall lamp has been drawing power for 10 minutes");
        await ruleForm.Locator("[data-action='save-rule']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-rule='Lamp left on']")).ToHaveAttributeAsync("data-rule-state", "armed");

        // Both changed through the same forms: the schedule an hour earlier, the rule at 150 W.
        await schedule.Locator("[data-action='edit-schedule']").ClickAsync();
        await Assertions.Expect(scheduleForm.Locator("[data-field='schedule-name']")).ToHaveValueAsync("Wake up");
        await scheduleForm.Locator("[data-field='schedule-at']").FillAsync("06:00");
        await scheduleForm.Locator("[data-action='save-schedule']").ClickAsync();
        await Assertions.Expect(schedule).ToContainTextAsync("06:00 on mon, tue, wed, thu, fri");
        await Assertions.Expect(page.Locator("[data-list='schedules'] li")).ToHaveCountAsync(1);
        await page.Locator("[data-rule='Lamp left on'] [data-action='edit-rule']").ClickAsync();
        await ruleForm.Locator("[data-field='rule-value']").FillAsync("150");
        await ruleForm.Locator("[data-action='save-rule']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-rule='Lamp left on']")).ToContainTextAsync("above 150 for 600 s");
        await Assertions.Expect(page.Locator("[data-list='rules'] li")).ToHaveCountAsync(1);

        await page.Locator("[data-schedule='Wake up'] [data-action='enable-schedule']").ClickAsync();
        await Assertions.Expect(schedule).ToContainTextAsync("disabled");
        await Assertions.Expect(schedule.Locator("[data-next-runs]")).ToContainTextAsync("none");

        await page.Locator("[data-action='toggle-pause']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-automation='paused']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("automation"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("automation-phone"), FullPage = true });
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the automation tab scrolls sideways on a phone");
    }
}
