using System.Globalization;
using Wattline.Server.Budget;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>The current local month's cost of a home, and its recent days, for its budget.</summary>
public sealed class MonthCostReader(HomeCostService costs, HomeClock clock) : IMonthCostReader
{
    public async Task<MonthCost?> ReadAsync(string homeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = clock.ZoneOf(homeId);
        var monthStart = LocalEnergy.Floor(now, zone, LocalEnergy.Interval.Month);
        var today = LocalEnergy.Floor(now, zone, LocalEnergy.Interval.Day);
        var from = LocalEnergy.Floor(today.AddDays(-BudgetForecast.RecentDays), zone, LocalEnergy.Interval.Day);
        if (monthStart < from)
        {
            from = monthStart;
        }

        if (await costs.CostAsync(homeId, LocalEnergy.Interval.Day, from, now, cancellationToken) is not { } cost)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var month = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        // Days without any energy bought are days before the meter was there, not days of no use.
        var recent = cost.Buckets.Where(b => b.End <= today && b.BoughtKwh > 0).TakeLast(BudgetForecast.RecentDays).Select(b => b.EnergyCost - b.FeedInCredit).ToList();
        var todaySoFar = (now - today).TotalDays;
        if (recent.Count == 0 && todaySoFar >= 1.0 / 24 && cost.Buckets[^1] is { BoughtKwh: > 0 } current)
        {
            // A meter new today: today's rate so far.
            recent.Add((current.EnergyCost - current.FeedInCredit) / todaySoFar);
        }

        return new MonthCost(
            month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            cost.Currency,
            cost.Buckets.Where(b => b.Start >= monthStart).Sum(b => b.Total),
            recent,
            cost.Buckets[^1].StandingCharge,
            (local - month).TotalDays,
            DateTime.DaysInMonth(local.Year, local.Month));
    }
}
