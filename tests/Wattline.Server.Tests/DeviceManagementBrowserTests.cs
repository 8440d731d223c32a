using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed partial class DeviceManagementBrowserTests
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    [Fact]
    public async Task AddDevice_SmartSocketWithTwoRelays_ShowsTokenThatDeviceConnectsWith()
    {
        await using var server = await WattlineServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: Desktop);
        await page.GotoAsync(server.BaseAddress.ToString());

        // The empty list offers the button; it is enabled once the page is interactive.
        await page.Locator("[data-empty='devices'] [data-action='add-device']").ClickAsync();
        await page.Locator("[data-field='name']").FillAsync("Kitchen socket");
        await page.Locator("[data-field='kind']").SelectOptionAsync("smart_socket");
        await page.Locator("[data-field='relays']").FillAsync("2");
        await page.ScreenshotAsync(Shot("add-device-form"));
        await page.Locator("[data-action='register']").ClickAsync();

        var tokenElement = page.Locator("[data-token]");
        await Assertions.Expect(tokenElement).ToBeVisibleAsync();
        var token = (await tokenElement.GetAttributeAsync("data-token"))!;
        var id = (await page.Locator("[data-new-device-id]").GetAttributeAsync("data-new-device-id"))!;
        Assert.StartsWith("wlt_", token);
        Assert.Equal(token, await tokenElement.InnerTextAsync());
        Assert.Equal(id, await page.Locator("[data-new-device-id]").InnerTextAsync());
        var mqttCommand = await page.Locator("[data-command='mqtt']").InnerTextAsync();
        // The port shown is the one the broker really listens on (a free port in this test).
        Assert.Equal($"mosquitto_pub -h 127.0.0.1 -p {server.MqttPort} -q 1 -i {id} -u {id} -P {token} -t {Topics.Telemetry(id)} -m '{{\"metrics\":{{\"active_power\":120.5}}}}'", mqttCommand);
        var httpCommand = await page.Locator("[data-command='http']").InnerTextAsync();
        Assert.Contains($"curl -X POST {server.BaseAddress}api/v1/devices/{id}/telemetry -H \"Authorization: Bearer {token}\"", httpCommand);
        await Assertions.Expect(page.Locator("[data-action='open-device']")).ToHaveAttributeAsync("href", $"devices/{id}");
        await page.Locator("button[aria-label='Copy token']").ClickAsync();
        await Assertions.Expect(page.Locator("button[aria-label='Copy token']")).ToHaveTextAsync(CopiedOrSelected());
        await page.Locator(".modal__panel").EvaluateAsync("panel => panel.scrollTop = 0");
        await page.ScreenshotAsync(Shot("device-registered"));
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(Shot("device-registered-phone"));
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the registered view scrolls sideways on a phone");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(Shot("device-registered-phone-dark"));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);

        await page.Locator("[data-action='done']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-token]")).ToHaveCountAsync(0);
        var card = page.Locator($"[data-device-id='{id}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".relay")).ToHaveCountAsync(2);
        await Assertions.Expect(card.Locator("[data-online='false']")).ToBeVisibleAsync();

        // The shown id and token are the device's real credentials, over HTTP and over MQTT.
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/devices/{id}/telemetry"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = new StringContent("""{"metrics":{"active_power":120.5}}""", Encoding.UTF8, "application/json");
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var power = card.Locator("[data-metric='active_power']").First;
        await Assertions.Expect(power).ToHaveAttributeAsync("data-value", "120.5");
        var device = await server.Http.GetFromJsonAsync($"api/v1/devices/{id}", WattlineJsonContext.Default.DeviceDto);
        await using var mqtt = await DeviceClient.ConnectAsync(server, new CreatedDeviceDto(device!, token, new DeviceConnectionHints(server.MqttPort, 0, id, Topics.Telemetry(id), Topics.Info(id), Topics.State(id), Topics.Status(id), string.Empty)));
        await mqtt.PublishTelemetryAsync("""{"metrics":{"active_power":77.5}}""");
        await Assertions.Expect(power).ToHaveAttributeAsync("data-value", "77.5");
        Assert.Equal(2, device!.Relays);
        Assert.Equal("Kitchen socket", device.Name);
    }

    [Fact]
    public async Task AddDevice_RefusedName_ShowsErrorUnderNameAndRegistersNothing()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateDeviceAsync("House meter", "single_phase_meter");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: Desktop);
        await page.GotoAsync(server.BaseAddress.ToString());

        await page.Locator(".page-head [data-action='add-device']").ClickAsync();
        await page.Locator("[data-field='name']").FillAsync(new string('x', 81));
        await page.Locator("[data-field='kind']").SelectOptionAsync("gateway");
        await Assertions.Expect(page.Locator("[data-field='relays']")).ToHaveCountAsync(0);
        await page.Locator("[data-action='register']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error='name']")).ToContainTextAsync("80 characters");
        await Assertions.Expect(page.Locator("[data-field='name']")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.ScreenshotAsync(Shot("add-device-refused"));

        await page.Locator("[data-field='name']").FillAsync("   ");
        await page.Locator("[data-field='name']").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-error='name']")).ToContainTextAsync("needs a name");
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(Shot("add-device-refused-phone"));
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-field='name']")).ToHaveCountAsync(0);

        var devices = await server.Http.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto);
        Assert.Equal(["House meter"], devices!.Select(d => d.Name));
        await Assertions.Expect(page.Locator("[data-device-id]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task DevicePage_RenameThenDelete_ShowsNewNameThenRemovesDevice()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Garage meter", "three_phase_meter");
        var id = created.Device.Id;
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.SignedInPageAsync(browser, server, viewport: Desktop);
        await page.GotoAsync(new Uri(server.BaseAddress, $"devices/{id}").ToString());
        var name = page.Locator("h1.device-head__name");
        await Assertions.Expect(name).ToHaveTextAsync("Garage meter");

        // Escape leaves the name as it was.
        await page.Locator("[data-action='rename']").ClickAsync();
        await page.Locator("[data-field='name']").FillAsync("Not this");
        await page.Locator("[data-field='name']").PressAsync("Escape");
        await Assertions.Expect(name).ToHaveTextAsync("Garage meter");

        // A refused name is explained and keeps the editor open.
        await page.Locator("[data-action='rename']").ClickAsync();
        await page.Locator("[data-field='name']").FillAsync(new string('y', 81));
        await page.Locator("[data-field='name']").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-error='name']")).ToContainTextAsync("80 characters");
        await page.ScreenshotAsync(Shot("device-rename-refused"));

        await page.Locator("[data-field='name']").FillAsync("Main distribution board");
        await page.Locator("[data-field='name']").PressAsync("Enter");
        await Assertions.Expect(name).ToHaveTextAsync("Main distribution board");
        await Assertions.Expect(page.Locator("nav.crumbs [aria-current='page']")).ToHaveTextAsync("Main distribution board");
        var renamed = await server.Http.GetFromJsonAsync($"api/v1/devices/{id}", WattlineJsonContext.Default.DeviceDto);
        Assert.Equal("Main distribution board", renamed!.Name);

        await page.Locator("[data-action='delete']").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Main distribution board");
        await Assertions.Expect(dialog).ToContainTextAsync("all its readings");
        await page.ScreenshotAsync(Shot("device-delete-confirm"));
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(Shot("device-delete-confirm-phone"));
        await page.Locator("[data-action='confirm-delete']").ClickAsync();

        // Blazor navigates inside the page: the address changes, but no new document loads, so poll the address.
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("[data-empty='devices']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-device-id='{id}']")).ToHaveCountAsync(0);
        using var gone = await server.Http.GetAsync($"api/v1/devices/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static PageScreenshotOptions Shot(string name) =>
        new() { Path = Browser.ScreenshotPath(name), Animations = ScreenshotAnimations.Disabled };

    [GeneratedRegex("^(Copied|Selected)$")]
    private static partial Regex CopiedOrSelected();
}
