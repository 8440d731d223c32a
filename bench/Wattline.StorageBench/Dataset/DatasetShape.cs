namespace Wattline.StorageBench.Dataset;

/// <summary>
/// How much of the full dataset (one year: a 1-second three-phase meter and 1,000 sockets at 10 s) a run
/// generates: the first <see cref="Seconds"/> of the year and the first <see cref="Sockets"/> sockets.
/// </summary>
public sealed record DatasetShape(long Seconds, int Sockets, ulong Seed)
{
    public const int FullSockets = 1_000;

    /// <summary>A fraction of the year and of the sockets; days or sockets given explicitly win.</summary>
    public static DatasetShape FromScale(double scale, double? days, int? sockets, ulong seed)
    {
        var seconds = days is { } d ? (long)(d * DatasetCalendar.DaySeconds) : (long)(scale * DatasetCalendar.YearSeconds);
        seconds = Math.Clamp(seconds / SocketModel.IntervalSeconds * SocketModel.IntervalSeconds, SocketModel.IntervalSeconds, DatasetCalendar.YearSeconds);
        var socketCount = sockets ?? (int)Math.Round(scale * FullSockets);
        return new DatasetShape(seconds, Math.Clamp(socketCount, 0, FullSockets), seed);
    }

    public static DatasetShape Full(ulong seed) => new(DatasetCalendar.YearSeconds, FullSockets, seed);

    public long EndMs => DatasetCalendar.StartMs + (Seconds * 1_000);

    public long MeterPoints => Seconds * MeterModel.MetricCount;

    public long SocketPoints => (long)Sockets * (Seconds / SocketModel.IntervalSeconds) * SocketModel.Metrics.Count;

    public long TotalPoints => MeterPoints + SocketPoints;

    /// <summary>Every series of this shape: the meter's first, then each socket's four.</summary>
    public IReadOnlyList<SeriesInfo> Catalog()
    {
        var series = new List<SeriesInfo>();
        foreach (var (metric, unit, decimals) in MeterModel.Metrics)
        {
            series.Add(new SeriesInfo(series.Count, MeterModel.DeviceId, metric, unit, decimals, 1));
        }

        for (var socket = 0; socket < Sockets; socket++)
        {
            foreach (var (metric, unit, decimals) in SocketModel.Metrics)
            {
                series.Add(new SeriesInfo(series.Count, SocketModel.DeviceIdOf(socket), metric, unit, decimals, SocketModel.IntervalSeconds));
            }
        }

        return series;
    }
}
