using Wattline.Contracts.Alerts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Notifications;

namespace Wattline.Dashboard;

/// <summary>A page of a home's alerts as the alerts tab shows it, with its rules and devices.</summary>
public sealed record AlertsView(
    IReadOnlyList<AlertDto> Alerts,
    long? Next,
    IReadOnlyList<AlertRuleDto> Rules,
    IReadOnlyList<DeviceDto> Devices,
    bool CanChange);

/// <summary>Which alerts to show: state (open, active, acknowledged, cleared; null: all), severity, device and kind.</summary>
public sealed record AlertQuery(string? State = "open", string? Severity = null, string? DeviceId = null, string? Kind = null);

/// <summary>
/// Alerts and alert rules in the dashboard, under the API's rules: everyone in a home sees them, members and owners
/// acknowledge, clear and change rules; every change is audited.
/// </summary>
public interface IAlerts
{
    /// <summary>Null when the home does not exist or the user is not a member.</summary>
    Task<AlertsView?> GetAsync(string homeId, AlertQuery query, long? before, CancellationToken cancellationToken);

    Task<Outcome<AlertDto>> AcknowledgeAsync(string homeId, long alertId, CancellationToken cancellationToken);

    Task<Outcome<AlertDto>> ClearAsync(string homeId, long alertId, CancellationToken cancellationToken);

    Task<Outcome<AlertRuleDto>> SaveRuleAsync(string homeId, string? ruleId, AlertRuleRequest request, CancellationToken cancellationToken);

    Task<Outcome> DeleteRuleAsync(string homeId, string ruleId, CancellationToken cancellationToken);

    /// <summary>The signed-in member's own notification settings for the home; null for non-members.</summary>
    Task<NotificationPreferencesDto?> GetPreferencesAsync(string homeId, CancellationToken cancellationToken);

    Task<Outcome<NotificationPreferencesDto>> SavePreferencesAsync(string homeId, NotificationPreferencesDto preferences, CancellationToken cancellationToken);

    /// <summary>The home's newest webhook and email deliveries that failed or are waiting for another try.</summary>
    Task<IReadOnlyList<DeliveryDto>> ProblemsAsync(string homeId, CancellationToken cancellationToken);

    /// <summary>Alerts of the user's homes as they are raised and change, until cancelled; in force once the task completes.</summary>
    Task<IAsyncEnumerable<AlertDto>> WatchAsync(CancellationToken cancellationToken);
}
