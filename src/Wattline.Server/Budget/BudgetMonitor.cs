using System.Globalization;
using Wattline.Contracts.Alerts;
using Wattline.Server.Alerts;

namespace Wattline.Server.Budget;

/// <summary>
/// Watches each home's spending against its monthly budget: every percentage passed raises a budget alert once a month
/// (a warning below 100 %, major from 100 %), carrying the month-end forecast; a new month clears the last month's.
/// </summary>
public sealed partial class BudgetMonitor(
    BudgetSettings settings,
    IMonthCostReader costs,
    AlertService alerts,
    TimeProvider timeProvider,
    ILogger<BudgetMonitor> logger) : BackgroundService
{
    public const string Kind = "budget";

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>The home's budget with this month's status (null when it has no budget or no tariff).</summary>
    public async Task<BudgetDto> GetAsync(string homeId, CancellationToken cancellationToken)
    {
        var (amount, percentages) = await settings.GetAsync(homeId, cancellationToken);
        var status = amount is { } budget ? await StatusAsync(homeId, (double)budget, percentages, cancellationToken) : null;
        return new BudgetDto(amount, percentages, status);
    }

    /// <summary>Looks at one home now: raises the alerts of percentages passed this month, clears last month's; answers the budget as it stands.</summary>
    public async Task<BudgetDto> CheckAsync(string homeId, CancellationToken cancellationToken)
    {
        var (amount, percentages) = await settings.GetAsync(homeId, cancellationToken);
        var open = await alerts.OpenKeysAsync(homeId, cancellationToken);
        var status = amount is { } budget ? await StatusAsync(homeId, (double)budget, percentages, cancellationToken) : null;
        var prefix = $"budget:{homeId}:";
        foreach (var key in open.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // Last month's, or a budget since switched off or raised.
            if (status is null || !key.StartsWith(prefix + status.Month + ":", StringComparison.Ordinal) || !status.Reached.Contains(PercentOf(key)))
            {
                await alerts.ClearAsync(key, status?.Spent, cancellationToken);
            }
        }

        if (status is null || amount is not { } set)
        {
            return new BudgetDto(amount, percentages, status);
        }

        foreach (var percent in status.Reached)
        {
            var key = $"{prefix}{status.Month}:{percent}";
            if (await alerts.ExistsAsync(key, cancellationToken))
            {
                continue;
            }

            var money = (double value) => $"{value.ToString("0.00", CultureInfo.InvariantCulture)} {status.Currency}";
            await alerts.RaiseAsync(
                new AlertRaise(
                    homeId,
                    Kind,
                    key,
                    percent >= 100 ? AlertSeverities.Major : AlertSeverities.Warning,
                    percent >= 100 ? $"Budget of {status.Month} exceeded" : $"{percent} % of the budget of {status.Month} spent",
                    $"Energy this month has cost {money(status.Spent)}, {status.PercentUsed.ToString("0", CultureInfo.InvariantCulture)} % of the "
                        + $"{money((double)set)} budget; by the month's end it is heading for {money(status.Forecast)}.",
                    Value: status.Spent,
                    ExpectedHigh: (double)set),
                cancellationToken);
            LogReached(homeId, percent, status.Month);
        }

        return new BudgetDto(amount, percentages, status);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var (homeId, _, _) in await settings.AllAsync(stoppingToken))
                {
                    await CheckAsync(homeId, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e);
            }
        }
    }

    private async Task<BudgetStatusDto?> StatusAsync(string homeId, double budget, IReadOnlyList<int> percentages, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (await costs.ReadAsync(homeId, now, cancellationToken) is not { } month)
        {
            return null;
        }

        var forecast = BudgetForecast.MonthEnd(month.Spent, month.RecentDailyEnergyCost, month.StandingChargePerDay, month.ElapsedDays, month.DaysInMonth);
        var used = month.Spent / budget * 100;
        return new BudgetStatusDto(
            month.Month,
            month.Currency,
            Math.Round(month.Spent, 2),
            Math.Round(forecast, 2),
            Math.Round(used, 1),
            Math.Round(forecast / budget * 100, 1),
            percentages.Where(p => used >= p).ToList(),
            now);
    }

    private static int PercentOf(string key) =>
        int.TryParse(key[(key.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? percent : -1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Home {HomeId} passed {Percent} % of its budget of {Month}")]
    private partial void LogReached(string homeId, int percent, string month);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking budgets failed")]
    private partial void LogFailed(Exception exception);
}
