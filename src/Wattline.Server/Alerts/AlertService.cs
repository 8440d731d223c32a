using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Live;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Server.Live;

namespace Wattline.Server.Alerts;

/// <summary>
/// The life of alerts: raised once per open condition (a condition coming back while its alert is open counts an
/// occurrence and notifies no one), acknowledged by a member, cleared by its condition or by hand. Every change goes to
/// the live feed and to <see cref="Changed"/> (notifications); acknowledging and clearing by hand are audited.
/// </summary>
public sealed partial class AlertService(
    IDbContextFactory<WattlineDbContext> dbFactory, LiveFeed liveFeed, AuditLog audit, TimeProvider timeProvider, ILogger<AlertService> logger)
{
    public const int MaxPage = 200;

    /// <summary>Raised after every change is stored.</summary>
    public event Func<AlertEvent, CancellationToken, Task>? Changed;

    /// <summary>Raises the alert, or counts one more occurrence of the open alert with the same key.</summary>
    public async Task<(AlertDto Alert, AlertChange Change)> RaiseAsync(AlertRaise raise, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Alerts.FirstOrDefaultAsync(a => a.OpenKey == raise.Key, cancellationToken);
        AlertChange change;
        if (open is not null)
        {
            open.Occurrences++;
            open.LastOccurredAt = now;
            change = AlertChange.Repeated;
        }
        else
        {
            open = new Alert
            {
                HomeId = raise.HomeId,
                Kind = raise.Kind,
                Key = raise.Key,
                OpenKey = raise.Key,
                Severity = raise.Severity,
                State = Alert.Active,
                Title = raise.Title,
                Message = raise.Message,
                DeviceId = raise.DeviceId,
                RuleId = raise.RuleId,
                Metric = raise.Metric,
                Value = raise.Value,
                ExpectedLow = raise.ExpectedLow,
                ExpectedHigh = raise.ExpectedHigh,
                RaisedAt = now,
                LastOccurredAt = now,
            };
            db.Alerts.Add(open);
            change = AlertChange.Raised;
        }

        await db.SaveChangesAsync(cancellationToken);
        LogChanged(open.HomeId, open.Id, open.Key, change);
        var dto = ToDto(open);
        await PublishAsync(new AlertEvent(dto, change, open.Key), cancellationToken);
        return (dto, change);
    }

    /// <summary>Clears the open alert of <paramref name="key"/> because its condition went away; false when none was open.</summary>
    public async Task<bool> ClearAsync(string key, double? value, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Alerts.FirstOrDefaultAsync(a => a.OpenKey == key, cancellationToken);
        if (open is null)
        {
            return false;
        }

        await CloseAsync(db, open, value, clearedBy: null, cancellationToken);
        return true;
    }

    /// <summary>Clears every open alert of a device that left its home or was deleted.</summary>
    public async Task ClearDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var open in await db.Alerts.Where(a => a.DeviceId == deviceId && a.OpenKey != null).ToListAsync(cancellationToken))
        {
            await CloseAsync(db, open, value: null, clearedBy: null, cancellationToken);
        }
    }

    /// <summary>Someone is on it: the alert stays open until its condition clears. Null when there is no such open alert.</summary>
    public async Task<AlertDto?> AcknowledgeAsync(string homeId, long alertId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId && a.HomeId == homeId, cancellationToken);
        if (alert is null)
        {
            return null;
        }

        if (alert.State == Alert.Active)
        {
            alert.State = Alert.Acknowledged;
            alert.AcknowledgedAt = timeProvider.GetUtcNow();
            alert.AcknowledgedBy = actor.Name;
            alert.AcknowledgedByUserId = actor.UserId;
            await db.SaveChangesAsync(cancellationToken);
            await audit.WriteAsync(actor, "alert.acknowledge", homeId, alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), alert.Title, cancellationToken: cancellationToken);
            await PublishAsync(new AlertEvent(ToDto(alert), AlertChange.Acknowledged, alert.Key), cancellationToken);
        }

        return ToDto(alert);
    }

    /// <summary>Clears an open alert by hand; if its condition still holds, it is raised again later. Null when not found.</summary>
    public async Task<AlertDto?> ClearByHandAsync(string homeId, long alertId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId && a.HomeId == homeId, cancellationToken);
        if (alert is null)
        {
            return null;
        }

        if (alert.State != Alert.Cleared)
        {
            await CloseAsync(db, alert, null, actor.Name, cancellationToken);
            await audit.WriteAsync(actor, "alert.clear", homeId, alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), alert.Title, cancellationToken: cancellationToken);
        }

        return ToDto(alert);
    }

    public async Task<AlertDto?> GetAsync(string homeId, long alertId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId && a.HomeId == homeId, cancellationToken);
        return alert is null ? null : ToDto(alert);
    }

    /// <summary>
    /// Alerts of a home, newest first, filtered by state (<c>open</c> = active or acknowledged), severity, device and kind;
    /// <paramref name="before"/> pages on.
    /// </summary>
    public async Task<AlertPageDto> ListAsync(string homeId, AlertFilter filter, long? before, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Alerts.AsNoTracking().Where(a => a.HomeId == homeId);
        query = filter.State switch
        {
            null => query,
            "open" => query.Where(a => a.OpenKey != null),
            var state => query.Where(a => a.State == state),
        };
        if (filter.Severity is { } severity)
        {
            query = query.Where(a => a.Severity == severity);
        }

        if (filter.DeviceId is { } deviceId)
        {
            query = query.Where(a => a.DeviceId == deviceId);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        if (before is { } cursor)
        {
            query = query.Where(a => a.Id < cursor);
        }

        var alerts = await query.OrderByDescending(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = alerts.Count > limit ? alerts[limit - 1].Id : (long?)null;
        return new AlertPageDto(alerts.Take(limit).Select(ToDto).ToList(), next);
    }

    /// <summary>Whether an alert of <paramref name="key"/> was ever raised (open or cleared).</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Alerts.AnyAsync(a => a.Key == key, cancellationToken);
    }

    /// <summary>Keys of every open alert (the engine's memory after a restart), or of one home's.</summary>
    public async Task<HashSet<string>> OpenKeysAsync(string? homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = db.Alerts.AsNoTracking().Where(a => a.OpenKey != null);
        if (homeId is not null)
        {
            open = open.Where(a => a.HomeId == homeId);
        }

        var keys = await open.Select(a => a.OpenKey!).ToListAsync(cancellationToken);
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    public static AlertDto ToDto(Alert a) => new(
        a.Id, a.HomeId, a.Kind, a.Severity, a.State, a.Title, a.Message, a.DeviceId, a.RuleId, a.Metric, a.Value,
        a.ExpectedLow, a.ExpectedHigh, a.RaisedAt, a.LastOccurredAt, a.Occurrences, a.AcknowledgedBy, a.AcknowledgedAt, a.ClearedAt, a.ClearValue, a.ClearedBy);

    private async Task CloseAsync(WattlineDbContext db, Alert alert, double? value, string? clearedBy, CancellationToken cancellationToken)
    {
        alert.State = Alert.Cleared;
        alert.OpenKey = null;
        alert.ClearedAt = timeProvider.GetUtcNow();
        alert.ClearValue = value;
        alert.ClearedBy = clearedBy;
        await db.SaveChangesAsync(cancellationToken);
        LogChanged(alert.HomeId, alert.Id, alert.Key, AlertChange.Cleared);
        await PublishAsync(new AlertEvent(ToDto(alert), AlertChange.Cleared, alert.Key), cancellationToken);
    }

    private async Task PublishAsync(AlertEvent change, CancellationToken cancellationToken)
    {
        var alert = change.Alert;
        liveFeed.Publish(new LiveMessage(LiveMessage.AlertType, alert.DeviceId ?? "", timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), HomeId: alert.HomeId, Alert: alert));
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<AlertEvent, CancellationToken, Task>>())
            {
                try
                {
                    await handler(change, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogHandlerFailed(e, alert.Id);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} of home {HomeId} ({Key}): {Change}")]
    private partial void LogChanged(string homeId, long alertId, string key, AlertChange change);

    [LoggerMessage(Level = LogLevel.Error, Message = "Passing on alert {AlertId} failed")]
    private partial void LogHandlerFailed(Exception exception, long alertId);
}
