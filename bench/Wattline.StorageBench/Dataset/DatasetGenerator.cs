namespace Wattline.StorageBench.Dataset;

/// <summary>
/// Streams a dataset in time order, one buffer of points at a time: never more than a batch and one
/// state object per device in memory, so a full year streams as easily as an hour. The same shape and
/// seed always give the same points.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>
    /// Batches of about <paramref name="batchSize"/> points. A batch's buffer is reused for the next one:
    /// consume it before moving on. Each device's points of one reading are never split between batches.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<DataPoint>> Batches(DatasetShape shape, int batchSize)
    {
        var meter = new MeterModel(shape.Seed);
        var sockets = new SocketModel[shape.Sockets];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new SocketModel(shape.Seed, i);
        }

        var meterCount = MeterModel.MetricCount;
        var socketMetrics = SocketModel.Metrics.Count;
        var capacity = Math.Max(batchSize, meterCount) + meterCount;
        var buffer = new DataPoint[capacity];
        var values = new double[meterCount];
        var filled = 0;
        for (long block = 0; block < shape.Seconds; block += SocketModel.IntervalSeconds)
        {
            for (var second = block; second < block + SocketModel.IntervalSeconds; second++)
            {
                meter.Step(second, values);
                var ts = DatasetCalendar.StartMs + (second * 1_000);
                for (var m = 0; m < meterCount; m++)
                {
                    buffer[filled++] = new DataPoint(m, ts, values[m]);
                }

                if (filled >= batchSize)
                {
                    yield return buffer.AsMemory(0, filled);
                    filled = 0;
                }
            }

            for (var s = 0; s < sockets.Length; s++)
            {
                var socket = sockets[s];
                socket.Step(block, values);
                var ts = DatasetCalendar.StartMs + (block * 1_000) + socket.OffsetMs;
                var first = meterCount + (s * socketMetrics);
                for (var m = 0; m < socketMetrics; m++)
                {
                    buffer[filled++] = new DataPoint(first + m, ts, values[m]);
                }

                if (filled >= batchSize)
                {
                    yield return buffer.AsMemory(0, filled);
                    filled = 0;
                }
            }
        }

        if (filled > 0)
        {
            yield return buffer.AsMemory(0, filled);
        }
    }
}
