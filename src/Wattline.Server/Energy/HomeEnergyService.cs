using Wattline.Contracts.Energy;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>A home's energy per local interval: consumption by device, grid import and export, solar, standby and the previous period.</summary>
public sealed class HomeEnergyService(HomeQuarterReader reader, HomeClock clock)
{
    // Hours with readings needed before a standby load is estimated; the estimate is this low percentile of hourly use.
    private const int StandbyMinHours = 12;
    private const double StandbyPercentile = 0.1;

    public async Task<HomeEnergyDto> EnergyAsync(string homeId, LocalEnergy.Interval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var zone = clock.ZoneOf(homeId);
        var range = new LocalRange(from, to, zone, interval);
        var quarters = await reader.ReadAsync(homeId, range.PreviousStartMs, range.ToMs, cancellationToken);
        var buckets = range.Buckets.Select(_ => new Sums(quarters.Consumers.Keys)).ToArray();
        var total = new Sums(quarters.Consumers.Keys);
        var previous = new Sums(quarters.Consumers.Keys);
        var hourly = new Dictionary<long, double>();
        foreach (var quarter in quarters.Quarters)
        {
            var index = range.IndexOf(quarter);
            if (index >= 0)
            {
                buckets[index].Add(quarters, quarter);
                total.Add(quarters, quarter);
                var hour = quarter - (quarter % 3_600_000);
                hourly[hour] = hourly.GetValueOrDefault(hour) + quarters.Consumption(quarter);
            }
            else if (quarter >= range.PreviousStartMs && quarter < range.PreviousToMs)
            {
                previous.Add(quarters, quarter);
            }
        }

        var grid = quarters.HasGridMeter;
        var names = quarters.Devices.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        var top = total.Devices
            .Where(d => d.Value > 0)
            .OrderByDescending(d => d.Value)
            .Select(d => new TopConsumerDto(d.Key, names[d.Key], Round(d.Value), total.Consumption > 0 ? Math.Round(d.Value / total.Consumption, 4) : 0))
            .ToList();
        return new HomeEnergyDto(
            homeId,
            LocalEnergy.NameOf(interval),
            zone.Id,
            range.Start,
            to,
            grid,
            quarters.HasSolar,
            quarters.Devices,
            range.Buckets.Select((b, i) => buckets[i].ToBucket(b.Start, b.End, grid)).ToList(),
            total.ToTotals(range.Start, to, grid),
            previous.ToTotals(range.PreviousStart, range.PreviousTo, grid),
            previous.Consumption > 0 ? Math.Round((total.Consumption - previous.Consumption) / previous.Consumption * 100, 1) : null,
            Standby(hourly.Values),
            top);
    }

    /// <summary>The always-on load in W: a low percentile of the hourly energy (Wh in an hour is the hour's average W).</summary>
    public static double? Standby(IEnumerable<double> hourlyWh)
    {
        var sorted = hourlyWh.Order().ToArray();
        return sorted.Length < StandbyMinHours ? null : Math.Round(sorted[(int)Math.Floor((sorted.Length - 1) * StandbyPercentile)], 1);
    }

    private static double Round(double wh) => Math.Round(wh, 3);

    private sealed class Sums(IEnumerable<string> consumers)
    {
        public Dictionary<string, double> Devices { get; } = consumers.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);

        public double Consumption { get; private set; }

        private double GridImport { get; set; }

        private double GridExport { get; set; }

        private double Production { get; set; }

        private double SelfConsumption { get; set; }

        // What the consumers do not account for, over the whole interval: readings of the grid meter and of a device
        // may fall into neighbouring quarter hours.
        private double Other => Math.Max(0, Consumption - Devices.Values.Sum());

        public void Add(HomeQuarters quarters, long quarter)
        {
            Consumption += quarters.Consumption(quarter);
            GridImport += HomeQuarters.At(quarters.GridImport, quarter);
            GridExport += quarters.Exported(quarter);
            Production += HomeQuarters.At(quarters.Production, quarter);
            SelfConsumption += quarters.SelfConsumption(quarter) ?? 0;
            foreach (var (id, series) in quarters.Consumers)
            {
                Devices[id] += HomeQuarters.At(series, quarter);
            }
        }

        public HomeEnergyBucketDto ToBucket(DateTimeOffset start, DateTimeOffset end, bool grid) => new(
            start,
            end,
            Round(Consumption),
            grid ? Round(GridImport) : null,
            grid ? Round(GridExport) : null,
            Round(Production),
            grid ? Round(SelfConsumption) : null,
            grid ? Round(Other) : null,
            Devices.ToDictionary(d => d.Key, d => Round(d.Value), StringComparer.Ordinal));

        public EnergyTotalsDto ToTotals(DateTimeOffset from, DateTimeOffset to, bool grid) => new(
            from,
            to,
            Round(Consumption),
            grid ? Round(GridImport) : null,
            grid ? Round(GridExport) : null,
            Round(Production),
            grid ? Round(SelfConsumption) : null);
    }
}
