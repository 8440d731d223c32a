using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Automation;
using Wattline.Server.Data;

namespace Wattline.Server.Automation;

/// <summary>The home's notifications, newest first, shown in the dashboard and listed by the API.</summary>
public sealed partial class NotificationService(IDbContextFactory<WattlineDbContext> dbFactory, TimeProvider timeProvider, ILogger<NotificationService> logger)
{
    public const int MaxTextLength = 500;

    public async Task PostAsync(string homeId, string text, string source, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Notifications.Add(new Notification
        {
            HomeId = homeId,
            At = timeProvider.GetUtcNow(),
            Text = text.Length > MaxTextLength ? text[..MaxTextLength] : text,
            Source = source.Length > 128 ? source[..128] : source,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogPosted(homeId, source);
    }

    public async Task<IReadOnlyList<NotificationDto>> ListAsync(string homeId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking().Where(n => n.HomeId == homeId).OrderByDescending(n => n.Id).Take(Math.Clamp(limit, 1, 200))
            .Select(n => new NotificationDto(n.Id, n.At, n.Text, n.Source)).ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification for home {HomeId} from {Source}")]
    private partial void LogPosted(string homeId, string source);
}
