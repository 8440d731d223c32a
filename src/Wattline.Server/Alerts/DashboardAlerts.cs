using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Live;
using Wattline.Contracts.Notifications;
using Wattline.Dashboard;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Homes;
using Wattline.Server.Live;
using Wattline.Server.Notifications;

namespace Wattline.Server.Alerts;

/// <summary>The alerts tab: the same services, role checks and audit as the REST API.</summary>
public sealed class DashboardAlerts(
    AuthenticationStateProvider authentication,
    DashboardSession session,
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
        if (await RoleAsync(homeId) is not { } role)
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
            return refused.NotFound ? Outcome<AlertRuleDto>.Missing() : Outcome<AlertRuleDto>.Refused("$", refused.Error!);
        }

        var (rule, field, reason) = await rules.SaveAsync(homeId, ruleId, request, await ActorAsync(), cancellationToken);
        return rule is not null ? Outcome<AlertRuleDto>.Done(rule) : field is null ? Outcome<AlertRuleDto>.Missing() : Outcome<AlertRuleDto>.Refused(field, reason!);
    }

    public async Task<Outcome> DeleteRuleAsync(string homeId, string ruleId, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return refused;
        }

        return await rules.DeleteAsync(homeId, ruleId, await ActorAsync(), cancellationToken) ? Outcome.Done : Outcome.Missing();
    }

    public async Task<NotificationPreferencesDto?> GetPreferencesAsync(string homeId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        return homes.RoleOf(user.GetUserId(), homeId) is null ? null : await preferences.GetAsync(homeId, user.GetUserId()!, cancellationToken);
    }

    public async Task<Outcome<NotificationPreferencesDto>> SavePreferencesAsync(string homeId, NotificationPreferencesDto request, CancellationToken cancellationToken)
    {
        // Every member, viewers too, chooses what reaches them.
        var user = await UserAsync();
        if (homes.RoleOf(user.GetUserId(), homeId) is null)
        {
            return Outcome<NotificationPreferencesDto>.Missing();
        }

        var (saved, field, reason) = await preferences.SaveAsync(homeId, user.GetUserId()!, request, cancellationToken);
        return saved is not null ? Outcome<NotificationPreferencesDto>.Done(saved) : Outcome<NotificationPreferencesDto>.Refused(field!, reason!);
    }

    public async Task<IReadOnlyList<DeliveryDto>> ProblemsAsync(string homeId, CancellationToken cancellationToken)
    {
        if (await RoleAsync(homeId) is null)
        {
            return [];
        }

        var failed = await outbox.ListAsync(homeId, "failed", null, 10, cancellationToken);
        var pending = await outbox.ListAsync(homeId, "pending", null, 10, cancellationToken);
        return failed.Deliveries.Concat(pending.Deliveries.Where(d => d.Attempts > 0)).OrderByDescending(d => d.Id).Take(10).ToList();
    }

    public async Task<IAsyncEnumerable<AlertDto>> WatchAsync(CancellationToken cancellationToken)
    {
        var userId = (await UserAsync()).GetUserId();
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
            return refused.NotFound ? Outcome<AlertDto>.Missing() : Outcome<AlertDto>.Refused("$", refused.Error!);
        }

        return await act(await ActorAsync()) is { } alert ? Outcome<AlertDto>.Done(alert) : Outcome<AlertDto>.Missing();
    }

    // Viewers and strangers: why not (strangers as if the home did not exist).
    private async Task<Outcome?> RefusalAsync(string homeId) => await RoleAsync(homeId) switch
    {
        null => Outcome.Missing(),
        < HomeRole.Member => Outcome.Refused("$", "viewers see alerts but cannot act on them or change rules"),
        _ => null,
    };

    private async Task<HomeRole?> RoleAsync(string homeId) => homes.RoleOf((await UserAsync()).GetUserId(), homeId);

    private async Task<AuditActor> ActorAsync() => AuditActor.Of(await UserAsync(), session.RemoteAddress);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
