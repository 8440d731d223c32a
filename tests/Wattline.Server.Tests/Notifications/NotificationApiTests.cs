using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Notifications;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Notifications;

/// <summary>The webhook and notification settings API: what it refuses, what it never shows, what it audits.</summary>
public sealed class NotificationApiTests
{
    [Theory]
    [InlineData("""{"url":"ftp://example.org/hook"}""", "url")]
    [InlineData("""{"url":"/relative/hook"}""", "url")]
    [InlineData("""{"url":"https://user:pass@example.org/hook"}""", "url")]
    [InlineData("""{"url":"https://example.org/hook","severities":["loud"]}""", "severities")]
    [InlineData("""{"url":"https://example.org/hook","severities":[]}""", "severities")]
    [InlineData("""{"url":"https://example.org/hook","secret":"short"}""", "secret")]
    public async Task CreateWebhook_Refused_ProblemNamesTheField(string body, string field)
    {
        await using var server = await WattlineServer.StartAsync();

        using var response = await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
    }

    [Fact]
    public async Task CreateWebhook_SecretMade_ShownOnceNeverListedButAudited()
    {
        await using var server = await WattlineServer.StartAsync();

        using var response = await server.Http.PostAsJsonAsync(
            $"api/v1/homes/{server.HomeId}/webhooks", new WebhookRequest("https://hooks.example.org/wattline", Severities: ["major", "critical"]), WattlineJsonContext.Default.WebhookRequest);
        var created = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedWebhookDto))!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(("hooks.example.org", "critical,major"), (created.Webhook.Name, string.Join(',', created.Webhook.Severities)));
        var list = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/webhooks");
        var one = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/webhooks/{created.Webhook.Id}");
        var audit = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/audit");
        Assert.Contains(created.Webhook.Id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, list + one + audit, StringComparison.Ordinal);
        Assert.Contains("webhook.create", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAndDeleteWebhook_Owner_ChangedThenGone()
    {
        await using var server = await WattlineServer.StartAsync();
        using var created = await server.Http.PostAsJsonAsync($"api/v1/homes/{server.HomeId}/webhooks", new WebhookRequest("https://a.example.org/"), WattlineJsonContext.Default.WebhookRequest);
        var id = (await created.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedWebhookDto))!.Webhook.Id;

        using var updated = await server.Http.PutAsJsonAsync(
            $"api/v1/homes/{server.HomeId}/webhooks/{id}", new WebhookRequest("https://b.example.org/", "Chat", ["critical"], Enabled: false), WattlineJsonContext.Default.WebhookRequest);
        var webhook = await updated.Content.ReadFromJsonAsync(WattlineJsonContext.Default.WebhookDto);
        using var deleted = await server.Http.DeleteAsync($"api/v1/homes/{server.HomeId}/webhooks/{id}");
        using var gone = await server.Http.GetAsync($"api/v1/homes/{server.HomeId}/webhooks/{id}");

        Assert.Equal(("https://b.example.org/", "Chat", false), (webhook!.Url, webhook.Name, webhook.Enabled));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("""{"email":true,"severities":["critical"],"quietStart":"22:00"}""", "quietEnd")]
    [InlineData("""{"email":true,"severities":["critical"],"quietStart":"25:00","quietEnd":"07:00"}""", "quietStart")]
    [InlineData("""{"email":true,"severities":["critical"],"quietStart":"7:00","quietEnd":"07:00"}""", "quietStart")]
    [InlineData("""{"email":true,"severities":["urgent"]}""", "severities")]
    [InlineData("""{"email":true,"emailAddress":"not an address","severities":[]}""", "emailAddress")]
    public async Task SavePreferences_Refused_ProblemNamesTheField(string body, string field)
    {
        await using var server = await WattlineServer.StartAsync();

        using var response = await server.Http.PutAsync($"api/v1/homes/{server.HomeId}/notification-preferences", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
    }

    [Fact]
    public async Task Preferences_EachMember_OwnSettingsDefaultsUntilSaved()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var path = $"api/v1/homes/{house.HomeA.Id}/notification-preferences";

        using var saved = await house.ViewerA.Client.PutAsJsonAsync(
            path, new NotificationPreferencesDto(true, "vera@example.org", ["minor", "critical"], "22:00", "06:30"), WattlineJsonContext.Default.NotificationPreferencesDto);
        var viewer = await house.ViewerA.Client.GetFromJsonAsync(path, WattlineJsonContext.Default.NotificationPreferencesDto);
        var owner = await house.OwnerA.Client.GetFromJsonAsync(path, WattlineJsonContext.Default.NotificationPreferencesDto);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(("vera@example.org", "critical,minor", "22:00", "06:30", false), (viewer!.EmailAddress, string.Join(',', viewer.Severities), viewer.QuietStart, viewer.QuietEnd, viewer.EmailConfigured));
        Assert.Equal((true, (string?)null, "critical,major", (string?)null), (owner!.Email, owner.EmailAddress, string.Join(',', owner.Severities), owner.QuietStart));
    }
}
