using System.Globalization;

namespace Wattline.StorageBench.Dataset;

/// <summary>
/// The <c>--describe</c> report: per metric of the first simulated day, its resolution and the
/// min/max/mean of its values, so a reader can judge the data's realism before trusting a benchmark on it.
/// </summary>
public static class DatasetDescription
{
    public static void Print(DatasetShape shape, TextWriter output)
    {
        var day = shape with { Seconds = Math.Min(shape.Seconds, DatasetCalendar.DaySeconds) };
        var catalog = day.Catalog();
        var kinds = Enumerable.Range(0, day.Sockets).Select(i => new SocketModel(day.Seed, i).Kind).ToArray();
        var stats = new Stats[catalog.Count];
        foreach (var batch in DatasetGenerator.Batches(day, 10_000))
        {
            foreach (var point in batch.Span)
            {
                stats[point.Series].Add(point.Value, catalog[point.Series].Decimals);
            }
        }

        var hours = day.Seconds / 3_600.0;
        output.WriteLine(Inv($"First simulated day: {hours:0.##} h from 2025-01-01 00:00 UTC (a Wednesday in January, local time UTC+1), seed {day.Seed}."));
        output.WriteLine();
        output.WriteLine(Inv($"Three-phase meter '{MeterModel.DeviceId}', one reading per second ({MeterModel.MetricCount} metrics):"));
        output.WriteLine();
        output.WriteLine("| metric | resolution | min | max | mean | points | first | last | on resolution grid |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (var m = 0; m < MeterModel.MetricCount; m++)
        {
            var s = stats[m];
            var series = catalog[m];
            output.WriteLine(Inv($"| {series.Metric} | {Resolution.Describe(series.Decimals, series.Unit)} | {Number(s.Min, series.Decimals)} | {Number(s.Max, series.Decimals)} | {Number(s.Mean, series.Decimals + 1)} | {s.Count:N0} | {Number(s.First, series.Decimals)} | {Number(s.Last, series.Decimals)} | {(s.OffGrid == 0 ? "yes" : Inv($"no ({s.OffGrid})"))} |"));
        }

        if (day.Sockets == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(Inv($"Smart sockets: {day.Sockets:N0} of {DatasetShape.FullSockets:N0}, one reading per 10 s; all sockets together:"));
        output.WriteLine();
        output.WriteLine("| metric | resolution | min | max | mean | points | on resolution grid |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---|");
        for (var m = 0; m < SocketModel.Metrics.Count; m++)
        {
            var all = default(Stats);
            var increase = default(Stats);
            for (var s = 0; s < day.Sockets; s++)
            {
                var one = stats[MeterModel.MetricCount + (s * SocketModel.Metrics.Count) + m];
                all.Merge(one);
                increase.Add(one.Last - one.First, 0);
            }

            var (metric, unit, decimals) = SocketModel.Metrics[m];
            output.WriteLine(Inv($"| {metric} | {Resolution.Describe(decimals, unit)} | {Number(all.Min, decimals)} | {Number(all.Max, decimals)} | {Number(all.Mean, decimals + 1)} | {all.Count:N0} | {(all.OffGrid == 0 ? "yes" : Inv($"no ({all.OffGrid})"))} |"));
            if (metric == "energy_import")
            {
                output.WriteLine(Inv($"| energy_import rise over the day, per socket | 1 Wh | {Number(increase.Min, 0)} | {Number(increase.Max, 0)} | {Number(increase.Mean, 1)} | {increase.Count:N0} sockets | |"));
            }
        }

        output.WriteLine();
        output.WriteLine("Active power per appliance (W), over all sockets with that appliance:");
        output.WriteLine();
        output.WriteLine("| appliance | sockets | min | max | mean | share of readings above 5 W |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var kind in Enum.GetValues<Appliance>())
        {
            var power = default(Stats);
            var above = 0L;
            var count = 0;
            for (var s = 0; s < day.Sockets; s++)
            {
                if (kinds[s] == kind)
                {
                    var one = stats[MeterModel.MetricCount + (s * SocketModel.Metrics.Count) + 2];
                    power.Merge(one);
                    above += one.AboveFiveWatts;
                    count++;
                }
            }

            if (count > 0)
            {
                output.WriteLine(Inv($"| {kind} | {count} | {Number(power.Min, 1)} | {Number(power.Max, 1)} | {Number(power.Mean, 1)} | {(double)above / power.Count:P0} |"));
            }
        }
    }

    private static string Number(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private struct Stats
    {
        public double Min;
        public double Max;
        public double Sum;
        public long Count;
        public long OffGrid;
        public long AboveFiveWatts;
        public double First;
        public double Last;

        public readonly double Mean => Count == 0 ? double.NaN : Sum / Count;

        public void Add(double value, int decimals)
        {
            if (Count == 0)
            {
                (Min, Max, First) = (value, value, value);
            }

            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
            Sum += value;
            Last = value;
            Count++;
            OffGrid += Resolution.IsOnGrid(value, decimals) ? 0 : 1;
            AboveFiveWatts += value > 5 ? 1 : 0;
        }

        public void Merge(Stats other)
        {
            if (other.Count == 0)
            {
                return;
            }

            Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
            Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
            Sum += other.Sum;
            Count += other.Count;
            OffGrid += other.OffGrid;
            AboveFiveWatts += other.AboveFiveWatts;
        }
    }
}
