using Wattline.Contracts.Energy;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>
/// What a home's energy cost per local interval: each quarter hour's energy bought at that quarter hour's price, export
/// credited at the feed-in price, and each local day's standing charge once, in the interval the day begins in (or the
/// first one, for a day the range starts inside).
/// </summary>
public sealed class HomeCostService(HomeQuarterReader reader, TariffStore tariffs, HomeClock clock)
{
    /// <summary>Null when the home has no tariff.</summary>
    public async Task<HomeCostDto?> CostAsync(string homeId, LocalEnergy.Interval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (await tariffs.GetAsync(homeId, cancellationToken) is not { } tariff)
        {
            return null;
        }

        var zone = clock.ZoneOf(homeId);
        var range = new LocalRange(from, to, zone, interval);
        var plan = new TariffPlan(tariff, zone, await tariffs.QuartersAsync(homeId, range.PreviousStartMs, range.ToMs, cancellationToken));
        var quarters = await reader.ReadAsync(homeId, range.PreviousStartMs, range.ToMs, cancellationToken);
        var buckets = range.Buckets.Select(_ => new CostSums()).ToArray();
        var total = new CostSums();
        var previous = new CostSums();
        var bands = new Dictionary<string, (double Kwh, double Cost)>(StringComparer.Ordinal);
        var devices = quarters.Consumers.Keys.ToDictionary(id => id, _ => (Kwh: 0.0, Cost: 0.0), StringComparer.Ordinal);
        foreach (var quarter in quarters.Quarters)
        {
            var (price, band) = plan.PriceAt(quarter);
            var bought = quarters.Bought(quarter) / 1000;
            var exported = quarters.Exported(quarter) / 1000;
            var feedIn = plan.FeedInAt(quarter);
            var index = range.IndexOf(quarter);
            if (index >= 0)
            {
                buckets[index].AddEnergy(bought, price, exported, feedIn);
                total.AddEnergy(bought, price, exported, feedIn);
                var (kwh, cost) = bands.GetValueOrDefault(band);
                bands[band] = (kwh + bought, cost + (bought * price));
                foreach (var (id, series) in quarters.Consumers)
                {
                    var used = HomeQuarters.At(series, quarter) / 1000;
                    devices[id] = (devices[id].Kwh + used, devices[id].Cost + (used * price));
                }
            }
            else if (quarter >= range.PreviousStartMs && quarter < range.PreviousToMs)
            {
                previous.AddEnergy(bought, price, exported, feedIn);
            }
        }

        foreach (var (day, at) in range.Days(range.StartMs, range.ToMs))
        {
            var charge = plan.StandingChargeOn(day);
            buckets[range.IndexOf(at)].AddDay(charge);
            total.AddDay(charge);
        }

        foreach (var (day, _) in range.Days(range.PreviousStartMs, range.PreviousToMs))
        {
            previous.AddDay(plan.StandingChargeOn(day));
        }

        var names = quarters.Devices.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        return new HomeCostDto(
            homeId,
            LocalEnergy.NameOf(interval),
            zone.Id,
            tariff.Currency,
            range.Start,
            to,
            range.Buckets.Select((b, i) => buckets[i].ToBucket(b.Start, b.End)).ToList(),
            total.ToTotals(range.Start, to),
            previous.ToTotals(range.PreviousStart, range.PreviousTo),
            bands.Where(b => b.Value.Kwh > 0)
                .OrderByDescending(b => b.Value.Cost)
                .Select(b => new CostBandDto(b.Key, Math.Round(b.Value.Kwh, 3), Money(b.Value.Cost), Math.Round(b.Value.Cost / b.Value.Kwh, 4)))
                .ToList(),
            devices.Where(d => d.Value.Kwh > 0)
                .OrderByDescending(d => d.Value.Cost)
                .Select(d => new DeviceCostDto(d.Key, names[d.Key], Math.Round(d.Value.Kwh, 3), Money(d.Value.Cost)))
                .ToList());
    }

    // Money is summed unrounded and rounded to 4 decimals on the way out; a display rounds to its currency.
    private static double Money(double value) => Math.Round(value, 4);

    private sealed class CostSums
    {
        private double _bought;
        private double _energyCost;
        private double _exported;
        private double _credit;
        private double _standing;
        private int _days;

        public void AddEnergy(double boughtKwh, double price, double exportedKwh, double feedIn)
        {
            _bought += boughtKwh;
            _energyCost += boughtKwh * price;
            _exported += exportedKwh;
            _credit += exportedKwh * feedIn;
        }

        public void AddDay(double standingCharge)
        {
            _standing += standingCharge;
            _days++;
        }

        public CostBucketDto ToBucket(DateTimeOffset start, DateTimeOffset end) =>
            new(start, end, Math.Round(_bought, 3), Money(_energyCost), Math.Round(_exported, 3), Money(_credit), Money(_standing), Money(_energyCost - _credit + _standing));

        public CostTotalsDto ToTotals(DateTimeOffset from, DateTimeOffset to) =>
            new(from, to, Math.Round(_bought, 3), Money(_energyCost), Math.Round(_exported, 3), Money(_credit), Money(_standing), _days, Money(_energyCost - _credit + _standing));
    }
}
