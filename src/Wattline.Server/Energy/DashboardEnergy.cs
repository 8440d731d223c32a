using Wattline.Dashboard;
using Wattline.Server.Budget;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Energy;

/// <summary>The energy tab: the same services as the REST API, for members of the home only.</summary>
public sealed class DashboardEnergy(
    DashboardMember member,
    HomeEnergyService energy,
    HomeCostService costs,
    BudgetMonitor budgets,
    HomeClock clock,
    TimeProvider timeProvider) : IEnergyPages
{
    public async Task<EnergyPageView?> GetAsync(string homeId, string period, DateOnly? date, CancellationToken cancellationToken)
    {
        if (await member.RoleAsync(homeId) is not { } role)
        {
            return null;
        }

        var zone = clock.ZoneOf(homeId);
        var now = timeProvider.GetUtcNow();
        var today = LocalPeriod.Today(zone, now);
        var shown = LocalPeriod.Resolve(period, date, zone, now) ?? LocalPeriod.Of("day", today)!;
        var (from, to) = shown.Range(zone, now);
        var budget = await budgets.GetAsync(homeId, cancellationToken);
        return new EnergyPageView(
            shown.Name,
            shown.Start,
            shown.Before().Start,
            shown.End <= today ? shown.End : null,
            zone.Id,
            await energy.EnergyAsync(homeId, shown.Interval, from, to, cancellationToken),
            await costs.CostAsync(homeId, shown.Interval, from, to, cancellationToken),
            budget.MonthlyAmount is null ? null : budget,
            role >= HomeRole.Owner);
    }
}
