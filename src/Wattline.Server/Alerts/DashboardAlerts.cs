using System.Runtime.CompilerServices;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Live;
using Wattline.Contracts.Notifications;
using Wattline.Dashboard;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Homes;
using Wattline.Server.Live;
using Wattline.Server.Notifications;

namespace Wattline.Server.Alerts;

/// <summary>The alerts tab: the same services, role checks and audit as the REST API.</summary>
public sealed class DashboardAlerts(
    DashboardMember member,
    HomeDirectory homes,
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    AlertService alerts,
    AlertRuleService rules,
    NotificationPreferences preferences,
    DeliveryOutbox outbox,
    LiveFeed liveFeed) : IAlerts
{
    public const int PageSize = 30;

    public async Task<AlertsView?> GetAsync(string homeId, AlertQuery query, long? before, CancellationToken cancellationToken)
    {
        if (await member.RoleAsync(homeId) is not { } role)
        {
            return null;
        }

        var page = await alerts.ListAsync(homeId, new AlertFilter(query.State, query.Severity, query.DeviceId, query.Kind), before, PageSize, cancellationToken);
        var devices = await registry.ListAsync([homeId], cancellationToken);
        return new AlertsView(
            page.Alerts,
            page.Next,
            await rules.ListAsync(homeId, cancellationToken),
            devices.Select(d => d.ToDto(tracker)).OrderBy(d => d.Name, StringComparer.CurrentCulture).ToList(),
            role >= HomeRole.Member);
    }

    public Task<Outcome<AlertDto>> AcknowledgeAsync(string homeId, long alertId, CancellationToken cancellationToken) =>
        ActAsync(homeId, actor => alerts.AcknowledgeAsync(homeId, alertId, actor, cancellationToken));

    public Task<Outcome<AlertDto>> ClearAsync(string homeId, long alertId, CancellationToken cancellationToken) =>
        ActAsync(homeId, actor => alerts.ClearByHandAsync(homeId, alertId, actor, cancellationToken));

    public async Task<Outcome<AlertRuleDto>> SaveRuleAsync(string homeId, string? ruleId, AlertRuleRequest request, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return DashboardMember.Refused<AlertRuleDto>(refused);
        }

        return DashboardMember.Saved(await rules.SaveAsync(homeId, ruleId, request, await member.ActorAsync(), cancellationToken));
    }

    public async Task<Outcome> DeleteRuleAsync(string homeId, string ruleId, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return refused;
        }

        return await rules.DeleteAsync(homeId, ruleId, await member.ActorAsync(), cancellationToken) ? Outcome.Done : Outcome.Missing();
    }

    public async Task<NotificationPreferencesDto?> GetPreferencesAsync(string homeId, CancellationToken cancellationToken)
    {
        return await member.RoleAsync(homeId) is null ? null : await preferences.GetAsync(homeId, (await member.UserIdAsync())!, cancellationToken);
    }

    public async Task<Outcome<NotificationPreferencesDto>> SavePreferencesAsync(string homeId, NotificationPreferencesDto request, CancellationToken cancellationToken)
    {
        // Every member, viewers too, chooses what reaches them.
        if (await member.RoleAsync(homeId) is null)
        {
            return Outcome<NotificationPreferencesDto>.Missing();
        }

        return DashboardMember.Saved(await preferences.SaveAsync(homeId, (await member.UserIdAsync())!, request, cancellationToken));
    }

    public async Task<IReadOnlyList<DeliveryDto>> ProblemsAsync(string homeId, CancellationToken cancellationToken)
    {
        if (await member.RoleAsync(homeId) is null)
        {
            return [];
        }

        var failed = await outbox.ListAsync(homeId, "failed", null, 10, cancellationToken);
        var pending = await outbox.ListAsync(homeId, "pending", null, 10, cancellationToken);
        return failed.Deliveries.Concat(pending.Deliveries.Where(d => d.Attempts > 0)).OrderByDescending(d => d.Id).Take(10).ToList();
    }

    public async Task<IAsyncEnumerable<AlertDto>> WatchAsync(CancellationToken cancellationToken)
    {
        var userId = await member.UserIdAsync();
        // Alerts only: no device is followed, every home of the user's is.
        var subscription = liveFeed.Subscribe([], _ => false, homeId => homes.RoleOf(userId, homeId) is not null);
        return ReadAsync(subscription, cancellationToken);
    }

    private static async IAsyncEnumerable<AlertDto> ReadAsync(LiveSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (message is { Type: LiveMessage.AlertType, Alert: { } alert })
                {
                    yield return alert;
                }
            }
        }
    }

    private async Task<Outcome<AlertDto>> ActAsync(string homeId, Func<AuditActor, Task<AlertDto?>> act)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return DashboardMember.Refused<AlertDto>(refused);
        }

        return await act(await member.ActorAsync()) is { } alert ? Outcome<AlertDto>.Done(alert) : Outcome<AlertDto>.Missing();
    }

    private Task<Outcome?> RefusalAsync(string homeId) => member.RefusalAsync(homeId, "viewers see alerts but cannot act on them or change rules");
}
