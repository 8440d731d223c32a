using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Contracts;
using Wattline.Contracts.Notifications;
using Wattline.Server.Alerts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Notifications;

/// <summary>Alert emails received by a local SMTP server, following each member's severities and quiet hours.</summary>
public sealed class EmailDeliveryTests
{
    // Wednesday 2 December 2026, 23:30 in Berlin (the test server's zone): inside quiet hours 22:00 to 07:00.
    private static readonly DateTimeOffset LateEvening = new(2026, 12, 2, 22, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Raise_SmtpConfigured_EmailReceivedWithAlertTitle()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync(settings: smtp.Settings);
        await home.SetPreferencesAsync(new NotificationPreferencesDto(true, "olivia@example.org", ["critical", "major"], null, null));

        await home.RaiseAsync("Grid voltage high", "major");

        var message = Assert.Single(await Eventually.MatchAsync(() => Task.FromResult(smtp.Messages.ToList()), m => m.Count >= 1));
        Assert.Equal("olivia@example.org", message.To.Mailboxes.Single().Address);
        Assert.Equal("alerts@wattline.test", message.From.Mailboxes.Single().Address);
        Assert.Contains("Grid voltage high", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Major", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Grid voltage high happened", message.TextBody, StringComparison.Ordinal);
        var delivery = Assert.Single(await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.Count == 1 && d[0].Status == "delivered"));
        Assert.Equal(("email", WattlineServer.AdminName), (delivery.Channel, delivery.Target));
        Assert.DoesNotContain("olivia@example.org", await home.Server.Http.GetStringAsync($"api/v1/homes/{home.HomeId}/deliveries"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raise_OnlyCriticalChosen_NoEmailForMinorAlert()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync(settings: smtp.Settings);
        await home.SetPreferencesAsync(new NotificationPreferencesDto(true, "olivia@example.org", ["critical"], null, null));

        await home.RaiseAsync("Dishwasher left on", "minor");
        await home.RaiseAsync("Smoke in the boiler room", "critical");

        // The critical one arrives; had the minor one been sent, it would have gone first.
        var message = Assert.Single(await Eventually.MatchAsync(() => Task.FromResult(smtp.Messages.ToList()), m => m.Count >= 1));
        Assert.Contains("Smoke in the boiler room", message.Subject, StringComparison.Ordinal);
        Assert.Single(await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.All(x => x.Status == "delivered")));
    }

    [Fact]
    public async Task Raise_DuringQuietHours_MinorWaitsUntilTheyEndCriticalAtOnce()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync(LateEvening, smtp.Settings);
        await home.SetPreferencesAsync(new NotificationPreferencesDto(true, "olivia@example.org", ["critical", "major", "minor"], "22:00", "07:00"));

        await home.RaiseAsync("Garage door open", "minor");
        await home.RaiseAsync("Main fuse tripped", "critical");

        var first = Assert.Single(await Eventually.MatchAsync(() => Task.FromResult(smtp.Messages.ToList()), m => m.Count >= 1));
        Assert.Contains("Main fuse tripped", first.Subject, StringComparison.Ordinal);
        // The critical one's delivery is marked as such a moment after the message arrived.
        var waiting = Assert.Single(await Eventually.MatchAsync(() => home.DeliveriesAsync("?status=pending"), d => d.Count == 1));
        // 07:00 in Berlin on Thursday is 06:00 UTC.
        Assert.Equal((0, (DateTimeOffset?)new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero)), (waiting.Attempts, waiting.NextAttemptAt));
        home.Clock.Advance(TimeSpan.FromHours(7));
        Assert.Single(smtp.Messages);

        await home.PassUntilAsync(TimeSpan.FromMinutes(30), () => Task.FromResult(smtp.Messages.ToList()), m => m.Count == 2);

        Assert.Contains("Garage door open", smtp.Messages.Last().Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raise_EmailSwitchedOff_NoEmail()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var home = await NotificationHome.StartAsync(settings: smtp.Settings);
        await home.SetPreferencesAsync(new NotificationPreferencesDto(false, "olivia@example.org", ["critical"], null, null));

        await home.RaiseAsync("Main fuse tripped", "critical");

        Assert.Empty(await home.DeliveriesAsync());
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Raise_SmtpServerDown_FailureShownAndRetried()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var home = await NotificationHome.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Wattline:Smtp:Host"] = "127.0.0.1",
            ["Wattline:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Wattline:Smtp:Security"] = "None",
        });
        await home.SetPreferencesAsync(new NotificationPreferencesDto(true, "olivia@example.org", ["critical"], null, null));

        await home.RaiseAsync("Main fuse tripped", "critical");

        var failed = Assert.Single(await Eventually.MatchAsync(() => home.DeliveriesAsync(), d => d.Count == 1 && d[0].Attempts == 1));
        Assert.Equal(("pending", "email"), (failed.Status, failed.Channel));
        Assert.Contains($"127.0.0.1:{port}", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(home.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), failed.NextAttemptAt);
    }

    [Fact]
    public async Task Raise_MembersOfAHome_EachEmailedByOwnChoice()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var server = await WattlineServer.StartAsync(smtp.Settings);
        using var house = await Household.CreateAsync(server);
        var path = $"api/v1/homes/{house.HomeA.Id}/notification-preferences";
        await Save(house.OwnerA, new NotificationPreferencesDto(true, "olivia@example.org", ["critical", "major", "minor"], null, null));
        await Save(house.MemberA, new NotificationPreferencesDto(true, "mark@example.org", ["critical"], null, null));
        await Save(house.ViewerA, new NotificationPreferencesDto(true, "vera@example.org", ["minor"], null, null));
        await Save(house.OwnerB, new NotificationPreferencesDto(true, "bruno@example.org", ["minor"], null, null), $"api/v1/homes/{house.HomeB.Id}/notification-preferences");

        await server.Services.GetRequiredService<AlertService>().RaiseAsync(
            new AlertRaise(house.HomeA.Id, "threshold", "test:washer", "minor", "Washer leaking", "Water on the floor"), CancellationToken.None);

        var messages = await Eventually.MatchAsync(() => Task.FromResult(smtp.Messages.ToList()), m => m.Count >= 2);
        var page = await house.OwnerA.Client.GetFromJsonAsync($"api/v1/homes/{house.HomeA.Id}/deliveries", WattlineJsonContext.Default.DeliveryPageDto);
        Assert.Equal(["olivia@example.org", "vera@example.org"], messages.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.Equal(["olivia", "vera"], page!.Deliveries.Select(d => d.Target).Order(StringComparer.Ordinal));

        async Task Save(Household.Person person, NotificationPreferencesDto preferences, string? at = null)
        {
            using var response = await person.Client.PutAsJsonAsync(at ?? path, preferences, WattlineJsonContext.Default.NotificationPreferencesDto);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
