namespace Wattline.Server.Alerts;

/// <summary>A home's alerting settings; the row exists once the home's default rules were made.</summary>
public sealed class AlertSettings
{
    public required string HomeId { get; init; }

    public DateTimeOffset DefaultsCreatedAt { get; init; }

    /// <summary>What the home means to spend on energy in a local calendar month, in its tariff's currency; null: no budget.</summary>
    public decimal? MonthlyBudget { get; set; }

    /// <summary>Percentages of the budget that raise an alert once each per month, ascending, comma-separated ("50,80,100").</summary>
    public string BudgetPercentages { get; set; } = "80,100";
}
