using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Automation;
using Wattline.Server.Audit;
using Wattline.Server.Data;

namespace Wattline.Server.Automation;

/// <summary>Each home's automation settings: the pause switch, the location for the sun, the switching limit.</summary>
public sealed class AutomationSettingsStore(IDbContextFactory<WattlineDbContext> dbFactory, AuditLog audit)
{
    public async Task<AutomationSettings> GetAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AutomationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.HomeId == homeId, cancellationToken)
            ?? new AutomationSettings { HomeId = homeId };
    }

    /// <summary>Why the settings cannot be taken (field and reason), or null.</summary>
    public static (string Field, string Reason)? Check(AutomationSettingsDto settings)
    {
        if (settings.Latitude is null != settings.Longitude is null)
        {
            return (settings.Latitude is null ? "latitude" : "longitude", "give both latitude and longitude, or neither");
        }

        if (settings.Latitude is < -90 or > 90 || settings.Latitude is double.NaN)
        {
            return ("latitude", "from -90 to 90 degrees");
        }

        if (settings.Longitude is < -180 or > 180 || settings.Longitude is double.NaN)
        {
            return ("longitude", "from -180 to 180 degrees");
        }

        return settings.MaxSwitchesPerHour is < 1 or > 3600 ? ("maxSwitchesPerHour", "from 1 to 3600") : null;
    }

    public async Task<AutomationSettings> SetAsync(string homeId, AutomationSettingsDto settings, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AutomationSettings.FirstOrDefaultAsync(s => s.HomeId == homeId, cancellationToken);
        if (row is null)
        {
            row = new AutomationSettings { HomeId = homeId };
            db.AutomationSettings.Add(row);
        }

        var pausedChanged = row.Paused != settings.Paused;
        row.Paused = settings.Paused;
        row.Latitude = settings.Latitude;
        row.Longitude = settings.Longitude;
        row.MaxSwitchesPerHour = settings.MaxSwitchesPerHour;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, pausedChanged ? (settings.Paused ? "automation.pause" : "automation.resume") : "automation.settings", homeId, homeId,
            $"paused {settings.Paused}, switches per hour {settings.MaxSwitchesPerHour}", cancellationToken: cancellationToken);
        return row;
    }

    public static AutomationSettingsDto ToDto(AutomationSettings settings) =>
        new(settings.Paused, settings.Latitude, settings.Longitude, settings.MaxSwitchesPerHour);
}
