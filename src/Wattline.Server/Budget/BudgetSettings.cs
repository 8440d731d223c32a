using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Alerts;
using Wattline.Server.Alerts;
using Wattline.Server.Audit;
using Wattline.Server.Data;

namespace Wattline.Server.Budget;

/// <summary>A home's monthly budget and the percentages of it that raise alerts; kept with the home's alert settings.</summary>
public sealed class BudgetSettings(IDbContextFactory<WattlineDbContext> dbFactory, AlertRuleService rules, AuditLog audit)
{
    public const decimal MaxAmount = 1_000_000m;
    public const int MaxPercentages = 6;

    /// <summary>The home's budget (null amount: none) and percentages.</summary>
    public async Task<(decimal? Amount, IReadOnlyList<int> Percentages)> GetAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.AlertSettings.AsNoTracking().FirstOrDefaultAsync(s => s.HomeId == homeId, cancellationToken);
        return (settings?.MonthlyBudget, Parse(settings?.BudgetPercentages ?? new AlertSettings { HomeId = homeId }.BudgetPercentages));
    }

    /// <summary>Every home with a budget, for the monitor.</summary>
    public async Task<List<(string HomeId, decimal Amount, IReadOnlyList<int> Percentages)>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlertSettings.AsNoTracking().Where(s => s.MonthlyBudget != null).ToListAsync(cancellationToken);
        return rows.Select(s => (s.HomeId, s.MonthlyBudget!.Value, (IReadOnlyList<int>)Parse(s.BudgetPercentages))).ToList();
    }

    /// <summary>Stores the budget; the refused field and why when the request is wrong.</summary>
    public async Task<(string Field, string Reason)?> SaveAsync(string homeId, BudgetRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (request.MonthlyAmount is { } amount && (amount <= 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount))
        {
            return ("monthlyAmount", $"a positive amount of at most {MaxAmount:0} with at most two decimals, or null for no budget");
        }

        var percentages = request.Percentages ?? [80, 100];
        if (percentages.Count is 0 or > MaxPercentages || percentages.Any(p => p is < 1 or > 200) || !percentages.Order().SequenceEqual(percentages) || percentages.Distinct().Count() != percentages.Count)
        {
            return ("percentages", $"1 to {MaxPercentages} different whole percentages from 1 to 200, ascending, e.g. [50, 80, 100]");
        }

        // The settings row comes with the home's default rules: made first, so that the rules are not skipped.
        await rules.EnsureDefaultsAsync([homeId], cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.AlertSettings.FirstAsync(s => s.HomeId == homeId, cancellationToken);

        settings.MonthlyBudget = request.MonthlyAmount;
        settings.BudgetPercentages = string.Join(',', percentages);
        await db.SaveChangesAsync(cancellationToken);
        var detail = request.MonthlyAmount is { } set ? $"{set:0.00} a month, alerts at {settings.BudgetPercentages} %" : "no budget";
        await audit.WriteAsync(actor, "budget.update", homeId, homeId, detail, cancellationToken: cancellationToken);
        return null;
    }

    private static List<int> Parse(string percentages) =>
        percentages.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
