using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts;
using Wattline.Contracts.Notifications;
using Wattline.Server.Alerts;
using Wattline.Server.Data;
using Wattline.Server.Hosting;

namespace Wattline.Server.Notifications;

/// <summary>
/// The outbox of alert notifications. A raised or cleared alert (not a repeated one) becomes one row per matching
/// webhook and per member who wants its email; emails of non-critical alerts raised during a member's quiet hours wait
/// until those end. <see cref="DeliveryDispatcher"/> sends what is due.
/// </summary>
public sealed class DeliveryOutbox(IDbContextFactory<WattlineDbContext> dbFactory, EmailSender email, HomeClock clock, TimeProvider timeProvider)
{
    public const string RaisedEvent = "alert.raised";
    public const string ClearedEvent = "alert.cleared";
    public const int MaxPage = 200;

    private readonly SemaphoreSlim _work = new(0, 1);

    /// <summary>
    /// Writes the deliveries an alert change calls for (the handler of <see cref="AlertService.Changed"/>). The alert is
    /// already stored, so the write finishes even when the caller (a request, a stopping engine) gives up.
    /// </summary>
    public async Task EnqueueAsync(AlertEvent change, CancellationToken _)
    {
        var cancellationToken = CancellationToken.None;
        if (change.Change is not (AlertChange.Raised or AlertChange.Cleared))
        {
            return;
        }

        var alert = change.Alert;
        var now = timeProvider.GetUtcNow();
        var eventName = change.Change == AlertChange.Raised ? RaisedEvent : ClearedEvent;
        var payload = JsonSerializer.Serialize(new WebhookEventDto(eventName, alert.HomeId, now, alert), WattlineJsonContext.Default.WebhookEventDto);
        AlertDelivery Row(string channel, string targetId, string target, string? recipient, DateTimeOffset due) => new()
        {
            HomeId = alert.HomeId,
            AlertId = alert.Id,
            Event = eventName,
            Channel = channel,
            TargetId = targetId,
            Target = target,
            Recipient = recipient,
            Severity = alert.Severity,
            Payload = payload,
            NextAttemptAt = due,
            CreatedAt = now,
        };

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.HomeId == alert.HomeId && w.Enabled).ToListAsync(cancellationToken);
        foreach (var webhook in webhooks.Where(w => SeverityList.Contains(w.Severities, alert.Severity)))
        {
            db.AlertDeliveries.Add(Row(AlertDelivery.WebhookChannel, webhook.Id, webhook.Name, null, now));
        }

        if (email.Enabled)
        {
            var members = await (
                from member in db.HomeMembers
                where member.HomeId == alert.HomeId
                join user in db.Users on member.UserId equals user.Id
                join stored in db.NotificationPreferences on new { member.HomeId, member.UserId } equals new { stored.HomeId, stored.UserId } into preferences
                from preference in preferences.DefaultIfEmpty()
                select new { user.Id, user.UserName, user.Email, Preference = preference }).AsNoTracking().ToListAsync(cancellationToken);
            foreach (var member in members)
            {
                var severities = member.Preference?.Severities ?? SeverityList.Format(NotificationPreferences.DefaultSeverities);
                var address = member.Preference?.EmailAddress ?? member.Email;
                if (!(member.Preference?.Email ?? true) || address is null || !SeverityList.Contains(severities, alert.Severity))
                {
                    continue;
                }

                var quietUntil = alert.Severity == AlertSeverities.Critical
                    ? null
                    : QuietHours.EndOf(member.Preference?.QuietStart, member.Preference?.QuietEnd, now, clock.ZoneOf(alert.HomeId));
                db.AlertDeliveries.Add(Row(AlertDelivery.EmailChannel, member.Id, member.UserName ?? member.Id, address, quietUntil ?? now));
            }
        }

        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
            Signal();
        }
    }

    /// <summary>Deliveries whose next attempt is due, oldest first.</summary>
    public async Task<List<AlertDelivery>> DueAsync(int limit, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AlertDeliveries.AsNoTracking()
            .Where(d => d.Status == AlertDelivery.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Records an attempt: delivered, tried again later (<see cref="DeliveryBackoff"/>), or given up.</summary>
    public async Task<AlertDelivery?> RecordAsync(long deliveryId, SendOutcome outcome, bool giveUp, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.AlertDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return null;
        }

        delivery.Attempts++;
        if (outcome.Delivered)
        {
            delivery.Status = AlertDelivery.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else
        {
            delivery.LastError = outcome.Error;
            var wait = giveUp ? null : DeliveryBackoff.After(delivery.Attempts);
            delivery.Status = wait is null ? AlertDelivery.Failed : AlertDelivery.Pending;
            delivery.NextAttemptAt = now + wait;
        }

        await db.SaveChangesAsync(cancellationToken);
        return delivery;
    }

    /// <summary>A home's deliveries, newest first, optionally of one status; <paramref name="before"/> pages on.</summary>
    public async Task<DeliveryPageDto> ListAsync(string homeId, string? status, long? before, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AlertDeliveries.AsNoTracking().Where(d => d.HomeId == homeId);
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }

        if (before is { } cursor)
        {
            query = query.Where(d => d.Id < cursor);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).Select(d => new DeliveryDto(
            d.Id, d.AlertId, d.Event, d.Channel, d.Target, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.LastError)).ToList();
        return new DeliveryPageDto(page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>Wakes the dispatcher: new deliveries are sent at once, not at its next check.</summary>
    public void Signal()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for <see cref="Signal"/> or <paramref name="interval"/> on the server's clock, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _work.WaitAsync(wake.Token);
        await Task.WhenAny(signalled, Task.Delay(interval, timeProvider, wake.Token));
        await wake.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
