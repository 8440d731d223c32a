using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Notifications;
using Wattline.Server.Alerts;
using Wattline.Server.Data;

namespace Wattline.Server.Notifications;

/// <summary>
/// Each member's notification settings per home. Without settings of their own, a member is emailed critical and major
/// alerts at the account's address (when it has one and the server has an SMTP server), at any hour.
/// </summary>
public sealed class NotificationPreferences(IDbContextFactory<WattlineDbContext> dbFactory, EmailSender email)
{
    public static IReadOnlyList<string> DefaultSeverities { get; } = [AlertSeverities.Critical, AlertSeverities.Major];

    public async Task<NotificationPreferencesDto> GetAsync(string homeId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.HomeId == homeId && p.UserId == userId, cancellationToken);
        return ToDto(stored);
    }

    /// <summary>Replaces the member's settings for the home, or names the field that is refused.</summary>
    public async Task<(NotificationPreferencesDto? Saved, string? Field, string? Reason)> SaveAsync(
        string homeId, string userId, NotificationPreferencesDto request, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.HomeId == homeId && p.UserId == userId, cancellationToken);
        if (stored is null)
        {
            stored = new NotificationPreference { HomeId = homeId, UserId = userId };
            db.NotificationPreferences.Add(stored);
        }

        stored.Email = request.Email;
        stored.EmailAddress = string.IsNullOrWhiteSpace(request.EmailAddress) ? null : request.EmailAddress.Trim();
        stored.Severities = SeverityList.Format(request.Severities);
        stored.QuietStart = request.QuietStart;
        stored.QuietEnd = request.QuietEnd;
        await db.SaveChangesAsync(cancellationToken);
        return (ToDto(stored), null, null);
    }

    /// <summary>The stored settings, or the defaults for a member without any.</summary>
    public NotificationPreferencesDto ToDto(NotificationPreference? stored) => stored is null
        ? new NotificationPreferencesDto(true, null, DefaultSeverities, null, null, email.Enabled)
        : new NotificationPreferencesDto(stored.Email, stored.EmailAddress, SeverityList.Parse(stored.Severities), stored.QuietStart, stored.QuietEnd, email.Enabled);

    private static (string Field, string Reason)? Check(NotificationPreferencesDto request)
    {
        if (request.EmailAddress is { Length: > 0 } address && (address.Length > 256 || !MimeKit.MailboxAddress.TryParse(address.Trim(), out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal)))
        {
            return ("emailAddress", "an email address such as 'name@example.org', or none for the account's address");
        }

        if (request.Severities is null)
        {
            return ("severities", "a list of severities to email, empty for none");
        }

        if (SeverityList.Check(request.Severities, allowNone: true) is { } reason)
        {
            return ("severities", reason);
        }

        if ((request.QuietStart is null) != (request.QuietEnd is null))
        {
            return (request.QuietStart is null ? "quietStart" : "quietEnd", "quiet hours need both a start and an end, or neither");
        }

        if (request.QuietStart is { } start && QuietHours.Check(start) is { } startReason)
        {
            return ("quietStart", startReason);
        }

        if (request.QuietEnd is { } end && QuietHours.Check(end) is { } endReason)
        {
            return ("quietEnd", endReason);
        }

        return request.QuietStart is not null && request.QuietStart == request.QuietEnd ? ("quietEnd", "a different time than quietStart") : null;
    }
}
