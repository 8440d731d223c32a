namespace Wattline.Server.Budget;

/// <summary>What a home's energy has cost in the current local month; the energy feature answers it.</summary>
public interface IMonthCostReader
{
    /// <summary>The month so far at <paramref name="now"/>, or null when the home has no tariff.</summary>
    Task<MonthCost?> ReadAsync(string homeId, DateTimeOffset now, CancellationToken cancellationToken);
}
