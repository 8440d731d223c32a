namespace Wattline.Contracts.Alerts;

/// <summary>
/// Body of <c>PUT /api/v1/homes/{homeId}/budget</c>: what the home means to spend on energy in a local calendar month
/// (in its tariff's currency; null switches the budget off) and the percentages of it (1 to 200, ascending) that
/// raise an alert, each once a month.
/// </summary>
public sealed record BudgetRequest(decimal? MonthlyAmount, IReadOnlyList<int>? Percentages = null);

/// <summary>A home's budget and, when it has one and a tariff, where this month stands.</summary>
public sealed record BudgetDto(decimal? MonthlyAmount, IReadOnlyList<int> Percentages, BudgetStatusDto? Status);

/// <summary>
/// This month so far: <c>spent</c> is the energy cost plus standing charges (less feed-in credit) from the start of the
/// local month; <c>forecast</c> is where it is heading by the month's end; <c>reached</c> lists the percentages passed.
/// </summary>
public sealed record BudgetStatusDto(
    string Month,
    string Currency,
    double Spent,
    double Forecast,
    double PercentUsed,
    double ForecastPercent,
    IReadOnlyList<int> Reached,
    DateTimeOffset At);
