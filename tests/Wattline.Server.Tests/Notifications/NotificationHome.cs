using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Notifications;
using Wattline.Server.Alerts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Notifications;

/// <summary>The administrator's home on a server with a fake clock, and what the notification tests do with it.</summary>
public sealed class NotificationHome(WattlineServer server, FakeTimeProvider clock) : IAsyncDisposable
{
    public WattlineServer Server { get; } = server;

    public FakeTimeProvider Clock { get; } = clock;

    public string HomeId => Server.HomeId;

    public static async Task<NotificationHome> StartAsync(DateTimeOffset? now = null, IDictionary<string, string?>? settings = null)
    {
        // Whole seconds, as times come back from the database in milliseconds.
        var clock = new FakeTimeProvider(now ?? DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
        var all = new Dictionary<string, string?> { ["Wattline:Notifications:CheckInterval"] = "00:00:01" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var server = await WattlineServer.StartAsync(all, s => s.AddSingleton<TimeProvider>(clock));
        return new NotificationHome(server, clock);
    }

    public async Task<CreatedWebhookDto> CreateWebhookAsync(WebhookRequest request)
    {
        using var response = await Server.Http.PostAsJsonAsync($"api/v1/homes/{HomeId}/webhooks", request, WattlineJsonContext.Default.WebhookRequest);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedWebhookDto))!;
    }

    public async Task SetPreferencesAsync(NotificationPreferencesDto preferences)
    {
        using var response = await Server.Http.PutAsJsonAsync($"api/v1/homes/{HomeId}/notification-preferences", preferences, WattlineJsonContext.Default.NotificationPreferencesDto);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Raises an alert as a rule would (the same key again counts an occurrence).</summary>
    public async Task<AlertDto> RaiseAsync(string title, string severity, string? key = null)
    {
        var alerts = Server.Services.GetRequiredService<AlertService>();
        var (alert, _) = await alerts.RaiseAsync(new AlertRaise(HomeId, "threshold", key ?? "test:" + title, severity, title, title + " happened"), CancellationToken.None);
        return alert;
    }

    public Task ClearAsync(string title) => Server.Services.GetRequiredService<AlertService>().ClearAsync("test:" + title, null, CancellationToken.None);

    public async Task<IReadOnlyList<DeliveryDto>> DeliveriesAsync(string query = "") =>
        (await Server.Http.GetFromJsonAsync($"api/v1/homes/{HomeId}/deliveries{query}", WattlineJsonContext.Default.DeliveryPageDto))!.Deliveries;

    /// <summary>
    /// Lets <paramref name="time"/> pass, then one second more at each look until <paramref name="condition"/> holds,
    /// so the dispatcher's timer fires however late it was set.
    /// </summary>
    public async Task<T> PassUntilAsync<T>(TimeSpan time, Func<Task<T>> probe, Func<T, bool> condition)
    {
        Clock.Advance(time);
        return await Eventually.MatchAsync(
            async () =>
            {
                var value = await probe();
                if (!condition(value))
                {
                    Clock.Advance(TimeSpan.FromSeconds(1));
                }

                return value;
            },
            condition);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
