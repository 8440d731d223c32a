namespace Wattline.Server.Budget;

/// <summary>
/// A home's local calendar month so far, in its tariff's currency: <see cref="Spent"/> is energy cost plus standing
/// charges less feed-in credit; <see cref="RecentDailyEnergyCost"/> are the energy costs of up to the last 14 complete
/// days (oldest first, reaching into the month before when needed).
/// </summary>
public sealed record MonthCost(
    string Month,
    string Currency,
    double Spent,
    IReadOnlyList<double> RecentDailyEnergyCost,
    double StandingChargePerDay,
    double ElapsedDays,
    double DaysInMonth);
