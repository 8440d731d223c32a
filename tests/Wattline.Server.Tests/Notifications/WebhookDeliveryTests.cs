using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Notifications;
using Wattline.Server.Notifications;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Notifications;

/// <summary>Alert changes posted to a real receiver: signed, retried with backoff, failures in the delivery log.</summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Raise_ReceiverUp_DeliveredOnceWithValidSignature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync();
        var created = await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString(), "Receiver"));

        var alert = await home.RaiseAsync("Grid voltage high", "major");
        await home.RaiseAsync("Grid voltage high", "major");

        var received = await Eventually.MatchAsync(() => Task.FromResult(receiver.Requests.ToList()), r => r.Count == 1);
        var post = received.Single();
        Assert.True(
            WebhookSignature.Verify(created.Secret, post.Signature, post.Body, home.Clock.GetUtcNow(), WebhookSignature.DefaultTolerance),
            $"signature {post.Signature} does not verify");
        Assert.Equal(home.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), post.Timestamp);
        Assert.Equal("alert.raised", post.Event);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
        var body = JsonSerializer.Deserialize(post.Body, WattlineJsonContext.Default.WebhookEventDto)!;
        Assert.Equal(("alert.raised", alert.Id, "Grid voltage high", home.HomeId), (body.Event, body.Alert.Id, body.Alert.Title, body.HomeId));
        var delivery = Assert.Single(await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.Count == 1 && d[0].Status == "delivered"));
        Assert.Equal(("webhook", "Receiver", 1, "d" + delivery.Id), (delivery.Channel, delivery.Target, delivery.Attempts, post.Delivery));
        // The repeated occurrence notified no one.
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Clear_AfterRaise_ResolvedEventDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync();
        await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString()));

        await home.RaiseAsync("Fridge offline", "minor");
        await home.ClearAsync("Fridge offline");

        var received = await Eventually.MatchAsync(() => Task.FromResult(receiver.Requests.ToList()), r => r.Count == 2);
        Assert.Equal(["alert.raised", "alert.cleared"], received.Select(r => r.Event));
        var cleared = JsonSerializer.Deserialize(received.Single(r => r.Event == "alert.cleared").Body, WattlineJsonContext.Default.WebhookEventDto)!;
        Assert.Equal("cleared", cleared.Alert.State);
    }

    [Fact]
    public async Task Raise_ReceiverFailsTwice_RetriedAfterBackoffThenDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext(2);
        await using var home = await NotificationHome.StartAsync();
        var created = await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString(), "Flaky"));

        await home.RaiseAsync("Battery low", "critical");

        var failed = Assert.Single(await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.Count == 1 && d[0].Attempts == 1));
        Assert.Equal("pending", failed.Status);
        Assert.Contains("500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(home.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), failed.NextAttemptAt);
        // Not before its time.
        home.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Single(receiver.Requests);

        await home.PassUntilAsync(TimeSpan.FromSeconds(10), () => home.DeliveriesAsync(), d => d[0].Attempts == 2);
        var delivered = Assert.Single(await home.PassUntilAsync(TimeSpan.FromMinutes(2), () => home.DeliveriesAsync(), d => d[0].Status == "delivered"));

        Assert.Equal(3, delivered.Attempts);
        var posts = receiver.Requests.ToList();
        Assert.Equal(3, posts.Count);
        Assert.Single(posts.Select(p => p.Delivery).Distinct());
        Assert.All(posts, p => Assert.True(WebhookSignature.Verify(created.Secret, p.Signature, p.Body, home.Clock.GetUtcNow(), TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public async Task Raise_ReceiverAlwaysFails_GivesUpAfterLastRetryAndShowsFailure()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext(int.MaxValue);
        await using var home = await NotificationHome.StartAsync();
        await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString(), "Down"));

        await home.RaiseAsync("Inverter fault", "major");
        await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.Count == 1 && d[0].Attempts == 1);
        for (var attempt = 1; attempt < DeliveryBackoff.MaxAttempts; attempt++)
        {
            var expected = attempt + 1;
            await home.PassUntilAsync(DeliveryBackoff.After(attempt)!.Value, () => home.DeliveriesAsync(), d => d[0].Attempts == expected);
        }

        var failed = Assert.Single(await home.DeliveriesAsync("?status=failed"));
        Assert.Equal((DeliveryBackoff.MaxAttempts, (DateTimeOffset?)null), (failed.Attempts, failed.NextAttemptAt));
        Assert.Contains("HTTP 500", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(await home.DeliveriesAsync("?status=pending"));
        Assert.Equal(DeliveryBackoff.MaxAttempts, receiver.Requests.Count);
    }

    [Fact]
    public async Task Raise_SeverityNotChosenByWebhook_NothingSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync();
        await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString(), Severities: ["critical"]));

        await home.RaiseAsync("Standby high", "info");
        await home.RaiseAsync("Main fuse", "critical");

        var received = await Eventually.MatchAsync(() => Task.FromResult(receiver.Requests.ToList()), r => r.Count >= 1);
        Assert.Contains("Main fuse", Assert.Single(received).Body, StringComparison.Ordinal);
        Assert.Single(await home.DeliveriesAsync());
    }

    [Fact]
    public async Task Pending_ServerRestarted_DeliveredAfterStart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext(1);
        await using var home = await NotificationHome.StartAsync();
        await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString()));
        await home.RaiseAsync("Heat pump offline", "major");
        await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.Count == 1 && d[0].Attempts == 1);

        await home.Server.RestartAsync();

        var delivered = Assert.Single(await home.PassUntilAsync(TimeSpan.FromSeconds(30), () => home.DeliveriesAsync(), d => d[0].Status == "delivered"));
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task TestEndpoint_Receiver_GetsSignedTestEvent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync();
        var created = await home.CreateWebhookAsync(new WebhookRequest(receiver.Url.ToString(), Secret: "my-own-secret-0123456789"));

        using var response = await home.Server.Http.PostAsync($"api/v1/homes/{home.HomeId}/webhooks/{created.Webhook.Id}/test", null);
        var outcome = await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.WebhookTestDto);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new WebhookTestDto(true, null), outcome);
        Assert.Equal("my-own-secret-0123456789", created.Secret);
        var post = Assert.Single(receiver.Requests);
        Assert.Equal("test", post.Event);
        Assert.True(WebhookSignature.Verify("my-own-secret-0123456789", post.Signature, post.Body, home.Clock.GetUtcNow(), WebhookSignature.DefaultTolerance));
        receiver.FailNext(1);
        using var failing = await home.Server.Http.PostAsync($"api/v1/homes/{home.HomeId}/webhooks/{created.Webhook.Id}/test", null);
        Assert.Equal(new WebhookTestDto(false, "HTTP 500 Internal Server Error"), await failing.Content.ReadFromJsonAsync(WattlineJsonContext.Default.WebhookTestDto));
    }
}
