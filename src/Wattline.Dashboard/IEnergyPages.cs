using Wattline.Contracts.Alerts;
using Wattline.Contracts.Energy;

namespace Wattline.Dashboard;

/// <summary>
/// A period of a home's energy as the energy tab shows it: <c>Period</c> is day, week, month or year, starting on the
/// local date <c>Start</c> in the home's zone; the cost is null without a tariff, the budget null without one.
/// </summary>
public sealed record EnergyPageView(
    string Period,
    DateOnly Start,
    DateOnly? Previous,
    DateOnly? Next,
    string TimeZone,
    HomeEnergyDto Energy,
    HomeCostDto? Cost,
    BudgetDto? Budget,
    bool CanManage);

/// <summary>A home's energy, cost and budget in the dashboard, for its members.</summary>
public interface IEnergyPages
{
    /// <summary>The period of <paramref name="period"/> holding the local date <paramref name="date"/> (today when null); null for non-members.</summary>
    Task<EnergyPageView?> GetAsync(string homeId, string period, DateOnly? date, CancellationToken cancellationToken);
}
