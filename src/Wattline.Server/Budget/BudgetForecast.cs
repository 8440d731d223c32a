namespace Wattline.Server.Budget;

/// <summary>
/// Where a month's energy cost is heading: what is spent so far, plus the rest of the month at the recent daily rate
/// (energy cost of the last complete days, weekdays and weekends alike) and the standing charge of the days left.
/// </summary>
public static class BudgetForecast
{
    /// <summary>Complete days the daily rate is taken from, the newest first; fewer are used when fewer exist.</summary>
    public const int RecentDays = 14;

    /// <summary>
    /// The month-end total. <paramref name="recentDailyEnergyCost"/> are complete local days before today (this month's
    /// or the last month's), oldest first; without any, the month so far is extrapolated.
    /// </summary>
    public static double MonthEnd(
        double spentSoFar,
        IReadOnlyList<double> recentDailyEnergyCost,
        double standingChargePerDay,
        double elapsedDays,
        double daysInMonth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elapsedDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(daysInMonth, elapsedDays);
        var remaining = daysInMonth - elapsedDays;
        if (remaining <= 0)
        {
            return spentSoFar;
        }

        // Today's standing charge is in what is spent already; each day still to start adds its own.
        var standing = standingChargePerDay * (daysInMonth - Math.Ceiling(elapsedDays));

        if (recentDailyEnergyCost.Count == 0)
        {
            // Nothing to go by but the month so far: its rate, or nothing at all in its first hour.
            var energySoFar = spentSoFar - (standingChargePerDay * Math.Ceiling(elapsedDays));
            return elapsedDays < 1.0 / 24 ? spentSoFar + standing : spentSoFar + (Math.Max(0, energySoFar) / elapsedDays * remaining) + standing;
        }

        var recent = recentDailyEnergyCost.Skip(Math.Max(0, recentDailyEnergyCost.Count - RecentDays)).ToList();
        var daily = recent.Average();
        return spentSoFar + (remaining * daily) + standing;
    }
}
