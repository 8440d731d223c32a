using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Live;
using Wattline.Server.Alerts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Alerts;

/// <summary>Alert rules checked by the real server on a fake clock, fed by real uploads, read back through the API.</summary>
public sealed class AlertTests
{
    private static readonly Dictionary<string, string?> SlowTimers = new()
    {
        ["Wattline:Alerts:CheckInterval"] = "00:05:00",
        ["Wattline:Automation:CheckInterval"] = "00:01:00",
        ["Wattline:Commands:CheckInterval"] = "00:01:00",
    };

    [Fact]
    public async Task ThresholdAlert_HighPowerForTwoMinutes_FiresOnceCountsOccurrencesAndClearsWithHysteresis()
    {
        await using var home = await HomeAsync();
        var rule = await home.CreateRuleAsync($$"""
            {"name":"High power","type":"threshold","severity":"major","deviceId":"{{home.Meter.Device.Id}}",
             "metric":"active_power","operator":"above","value":4000,"clear":3500,"forSeconds":120}
            """);

        await home.UploadAsync(home.Meter, "active_power", 4500);
        await home.PassAsync(TimeSpan.FromSeconds(119));
        var beforeItsTime = await home.AlertsAsync();
        await home.PassAsync(TimeSpan.FromSeconds(2));
        var raised = Assert.Single(await home.AlertsAsync());

        // Still high: the same alert, nothing new.
        await home.UploadAsync(home.Meter, "active_power", 4800);
        await home.PassAsync(TimeSpan.FromMinutes(5));
        var stillOne = await home.AlertsAsync();

        // Between the thresholds, then high again for its time: one more occurrence of the open alert.
        await home.UploadAsync(home.Meter, "active_power", 3800);
        await home.PassAsync(TimeSpan.FromSeconds(30));
        var inTheBand = Assert.Single(await home.AlertsAsync());
        await home.UploadAsync(home.Meter, "active_power", 4200);
        await home.PassAsync(TimeSpan.FromSeconds(121));
        var again = Assert.Single(await home.AlertsAsync());

        // At the clear value: cleared, with the value that cleared it.
        await home.UploadAsync(home.Meter, "active_power", 3500);
        await home.PassAsync(TimeSpan.FromSeconds(1));
        var cleared = Assert.Single(await home.AlertsAsync());

        Assert.Empty(beforeItsTime);
        Assert.Equal(("active", "major", "threshold", rule.Id, 4500d, 1), (raised.State, raised.Severity, raised.Kind, raised.RuleId, raised.Value, raised.Occurrences));
        Assert.Contains("above 4000 W for 2 min", raised.Message, StringComparison.Ordinal);
        Assert.Equal((raised.Id, 1), (Assert.Single(stillOne).Id, Assert.Single(stillOne).Occurrences));
        Assert.Equal(("active", 1), (inTheBand.State, inTheBand.Occurrences));
        Assert.Equal((raised.Id, "active", 2), (again.Id, again.State, again.Occurrences));
        Assert.Equal(("cleared", 3500d), (cleared.State, cleared.ClearValue));
        Assert.NotNull(cleared.ClearedAt);
        Assert.Empty((await home.AlertsAsync("?state=open")));
    }

    [Fact]
    public async Task ThresholdAlert_VoltageOutsideBandOnAPhase_DefaultOverVoltageAndOwnBandBothFire()
    {
        await using var home = await HomeAsync();
        await home.CreateRuleAsync("""
            {"name":"Frequency","type":"threshold","severity":"critical","metric":"frequency","operator":"outside","low":49.8,"high":50.2,"clearLow":49.9,"clearHigh":50.1}
            """);

        await home.UploadAsync(home.ThreePhase, "voltage_l2", 256);
        await home.UploadAsync(home.ThreePhase, "frequency", 49.7);
        await home.PassAsync(TimeSpan.FromSeconds(61));
        var alerts = await home.AlertsAsync();
        await home.UploadAsync(home.ThreePhase, "frequency", 49.85);
        await home.PassAsync(TimeSpan.FromSeconds(1));
        var inHysteresis = await home.AlertsAsync("?kind=threshold&state=open");
        await home.UploadAsync(home.ThreePhase, "frequency", 50.0);
        await home.PassAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(2, alerts.Count);
        Assert.Contains(alerts, a => a is { Metric: "voltage_l2", Severity: "major" } && a.Title.StartsWith("Over-voltage", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a is { Metric: "frequency", Severity: "critical", Value: 49.7 });
        Assert.Equal(2, inHysteresis.Count);
        var open = Assert.Single(await home.AlertsAsync("?state=open"));
        Assert.Equal("voltage_l2", open.Metric);
    }

    [Fact]
    public async Task OfflineAlert_DeviceSilentFifteenMinutes_RaisedByTheDefaultAndClearedWhenHeardAgain()
    {
        await using var home = await HomeAsync();
        await home.UploadAsync(home.Meter, "active_power", 300);

        await home.PassAsync(TimeSpan.FromMinutes(14));
        var early = await home.AlertsAsync();
        await home.PassAsync(TimeSpan.FromMinutes(2));
        var offline = Assert.Single(await home.AlertsAsync("?kind=offline"));
        await home.PassAsync(TimeSpan.FromMinutes(30));
        var stillOne = await home.AlertsAsync("?kind=offline");
        await home.UploadAsync(home.Meter, "active_power", 310);
        await home.PassAsync(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(early, a => a.DeviceId == home.Meter.Device.Id);
        Assert.Equal((home.Meter.Device.Id, "major", "active"), (offline.DeviceId, offline.Severity, offline.State));
        Assert.StartsWith("Device offline: Grid meter", offline.Title, StringComparison.Ordinal);
        Assert.Equal(offline.Id, Assert.Single(stillOne, a => a.DeviceId == home.Meter.Device.Id).Id);
        var after = Assert.Single(await home.AlertsAsync("?kind=offline"), a => a.DeviceId == home.Meter.Device.Id);
        Assert.Equal("cleared", after.State);
    }

    [Fact]
    public async Task Alert_AcknowledgedThenClearedByHand_ShowsWhoAndWhenAndIsAudited()
    {
        await using var home = await HomeAsync();
        await using var live = await LiveClient.ConnectAsync(home.Server, home.Meter.Device.Id);
        await home.CreateRuleAsync($$"""
            {"name":"Hot","type":"threshold","severity":"warning","deviceId":"{{home.Meter.Device.Id}}","metric":"active_power","operator":"above","value":1000}
            """);
        await home.UploadAsync(home.Meter, "active_power", 2000);
        await home.PassAsync(TimeSpan.FromSeconds(1));
        var alert = Assert.Single(await home.AlertsAsync());
        var pushed = await live.NextAsync(m => m.Type == LiveMessage.AlertType && m.Alert?.Id == alert.Id);

        var acknowledged = await home.ActAsync(alert.Id, "acknowledge");
        var cleared = await home.ActAsync(alert.Id, "clear");
        using var missing = await home.Server.Http.PostAsync($"api/v1/homes/{home.Server.HomeId}/alerts/999999/acknowledge", null);
        var audit = await home.Server.Http.GetStringAsync($"api/v1/homes/{home.Server.HomeId}/audit");

        Assert.NotNull(pushed);
        Assert.Equal(home.Server.HomeId, pushed.HomeId);
        Assert.Equal(("acknowledged", WattlineServer.AdminName), (acknowledged.State, acknowledged.AcknowledgedBy));
        Assert.NotNull(acknowledged.AcknowledgedAt);
        Assert.Equal(("cleared", WattlineServer.AdminName), (cleared.State, cleared.ClearedBy));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("alert.acknowledge", audit, StringComparison.Ordinal);
        Assert.Contains("alert.clear", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_DeviceDeleted_ItsOpenAlertsClear()
    {
        await using var home = await HomeAsync();
        await home.UploadAsync(home.ThreePhase, "voltage", 260);
        await home.PassAsync(TimeSpan.FromSeconds(61));
        var open = Assert.Single(await home.AlertsAsync("?state=open"));

        using var deleted = await home.Server.Http.DeleteAsync($"api/v1/devices/{home.ThreePhase.Device.Id}");
        await home.PassAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(home.ThreePhase.Device.Id, open.DeviceId);
        Assert.Empty(await home.AlertsAsync("?state=open"));
        Assert.Equal("cleared", Assert.Single(await home.AlertsAsync()).State);
    }

    [Fact]
    public async Task AlertRules_NewHome_HasEditableDefaultsForOfflineOverVoltageAndAnomalies()
    {
        await using var home = await HomeAsync();
        var rules = await home.RulesAsync();
        var overVoltage = Assert.Single(rules, r => r.BuiltIn == "over_voltage");
        var offline = Assert.Single(rules, r => r.BuiltIn == "offline");
        var anomaly = Assert.Single(rules, r => r.BuiltIn == "anomaly");

        var body = JsonSerializer.Serialize(
            new AlertRuleRequest(overVoltage.Name, "threshold", "critical", Metric: "voltage", Operator: "above", Value: 250, Clear: 245, ForSeconds: 30),
            WattlineJsonContext.Default.AlertRuleRequest);
        using var changed = await home.Server.Http.PutAsync(
            $"api/v1/homes/{home.Server.HomeId}/alert-rules/{overVoltage.Id}", new StringContent(body, Encoding.UTF8, "application/json"));
        await home.Server.RestartAsync();
        var after = await home.RulesAsync();

        Assert.Equal(("threshold", "voltage", "above", 253d, 250d, 60), (overVoltage.Type, overVoltage.Metric, overVoltage.Operator, overVoltage.Value, overVoltage.Clear, overVoltage.ForSeconds));
        Assert.Equal(("offline", 900), (offline.Type, offline.ForSeconds));
        Assert.Equal(("anomaly", "info", "active_power", 4d), (anomaly.Type, anomaly.Severity, anomaly.Metric, anomaly.Value));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(3, after.Count);
        var kept = Assert.Single(after, r => r.Id == overVoltage.Id);
        Assert.Equal(("critical", 250d, 245d, 30), (kept.Severity, kept.Value, kept.Clear, kept.ForSeconds));
    }

    [Theory]
    [InlineData("""{"name":"","type":"threshold","severity":"major","metric":"voltage","operator":"above","value":250}""", "name")]
    [InlineData("""{"name":"x","type":"sometimes","severity":"major"}""", "type")]
    [InlineData("""{"name":"x","type":"threshold","severity":"urgent","metric":"voltage","operator":"above","value":250}""", "severity")]
    [InlineData("""{"name":"x","type":"threshold","severity":"major","metric":"colour","operator":"above","value":250}""", "metric")]
    [InlineData("""{"name":"x","type":"threshold","severity":"major","metric":"voltage","operator":"above"}""", "value")]
    [InlineData("""{"name":"x","type":"threshold","severity":"major","metric":"voltage","operator":"above","value":250,"clear":260}""", "clear")]
    [InlineData("""{"name":"x","type":"threshold","severity":"major","metric":"voltage","operator":"outside","low":260,"high":250}""", "high")]
    [InlineData("""{"name":"x","type":"offline","severity":"major","forSeconds":10}""", "forSeconds")]
    [InlineData("""{"name":"x","type":"offline","severity":"major","deviceId":"nope","forSeconds":600}""", "deviceId")]
    public async Task AlertRule_Refused_ProblemNamesTheField(string body, string field)
    {
        await using var home = await HomeAsync();
        using var response = await home.Server.Http.PostAsync($"api/v1/homes/{home.Server.HomeId}/alert-rules", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
    }

    private static async Task<TestHome> HomeAsync()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var server = await WattlineServer.StartAsync(SlowTimers, s => s.AddSingleton<TimeProvider>(clock));
        var meter = await server.CreateDeviceAsync("Grid meter", "single_phase_meter");
        var threePhase = await server.CreateDeviceAsync("Workshop", "three_phase_meter");
        return new TestHome(server, clock, meter, threePhase);
    }

    private sealed record TestHome(WattlineServer Server, FakeTimeProvider Clock, CreatedDeviceDto Meter, CreatedDeviceDto ThreePhase) : IAsyncDisposable
    {
        public async Task<AlertRuleDto> CreateRuleAsync(string body)
        {
            using var response = await Server.Http.PostAsync($"api/v1/homes/{Server.HomeId}/alert-rules", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.AlertRuleDto))!;
        }

        public async Task<List<AlertRuleDto>> RulesAsync() =>
            (await Server.Http.GetFromJsonAsync($"api/v1/homes/{Server.HomeId}/alert-rules", WattlineJsonContext.Default.ListAlertRuleDto))!;

        public async Task<IReadOnlyList<AlertDto>> AlertsAsync(string query = "") =>
            (await Server.Http.GetFromJsonAsync($"api/v1/homes/{Server.HomeId}/alerts{query}", WattlineJsonContext.Default.AlertPageDto))!.Alerts;

        public async Task<AlertDto> ActAsync(long alertId, string action)
        {
            using var response = await Server.Http.PostAsync($"api/v1/homes/{Server.HomeId}/alerts/{alertId}/{action}", null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.AlertDto))!;
        }

        // Time passes in steps, the engine looking at each as the server's timer would.
        public async Task PassAsync(TimeSpan time)
        {
            var engine = Server.Services.GetRequiredService<AlertEngine>();
            var step = time < TimeSpan.FromMinutes(10) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30);
            for (var passed = TimeSpan.Zero; passed < time; passed += step)
            {
                Clock.Advance(step);
                await engine.EvaluateAsync(CancellationToken.None);
            }
        }

        public async Task UploadAsync(CreatedDeviceDto device, string metric, double value)
        {
            var number = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var response = await Server.UploadAsync(device.Device.Id, device.Token, $$$"""{"metrics":{"{{{metric}}}":{{{number}}}}}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Server.Services.GetRequiredService<AlertEngine>().EvaluateAsync(CancellationToken.None);
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
