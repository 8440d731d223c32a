using Wattline.Contracts.Alerts;
using Wattline.Contracts.Energy;
using Wattline.Server.Audit;
using Wattline.Server.Budget;
using Wattline.Server.Energy;

namespace Wattline.Server.Demo;

/// <summary>
/// The demo home's tariff and budget, made once so its energy has a cost at once: a time-of-use tariff in euros with an
/// evening peak on weekdays, cheap nights and feed-in for the solar roof, and a monthly budget of 120.
/// </summary>
public sealed class DemoEnergy(TariffStore tariffs, BudgetSettings budgets)
{
    private static readonly AuditActor Demo = new(null, "demo", null);

    private static readonly TariffDto Tariff = new("EUR", [
        new TariffVersionDto("2020-01-01", 0.45, 0.30, [
            new TariffWindowDto("peak", 0.38, "17:00", "20:00", ["mon", "tue", "wed", "thu", "fri"]),
            new TariffWindowDto("night", 0.22, "00:00", "06:00"),
        ], FeedInPerKwh: 0.08),
    ]);

    public async Task EnsureAsync(string homeId, CancellationToken cancellationToken)
    {
        if (await tariffs.GetAsync(homeId, cancellationToken) is not null)
        {
            return;
        }

        await tariffs.SaveAsync(homeId, Tariff, Demo, cancellationToken);
        await budgets.SaveAsync(homeId, new BudgetRequest(120, [50, 80, 100]), Demo, cancellationToken);
    }
}
