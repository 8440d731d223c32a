using System.Text;
using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Gateway;

/// <summary>
/// The compact binary form of a gateway batch (docs/protocol.md, "Gateway batches"): a dictionary of meter keys and
/// metric names, then per meter one column of timestamps (delta of deltas) and one column per metric (values scaled to
/// whole numbers by a power of ten, as deltas), each column bit-packed at the width its largest number needs.
/// </summary>
public static class BatchCodec
{
    public const string ContentType = "application/vnd.wattline.batch";
    public const int MaxDecimals = 6;
    public const int MaxSamples = 100_000;
    public const int MaxNames = 4_096;

    private static readonly byte[] Magic = "WLB\u0001"u8.ToArray();

    // Scaled values stay within the integers a double holds exactly.
    private const double MaxScaled = 9_007_199_254_740_992;

    public static byte[] Encode(GatewayBatch batch)
    {
        var output = new List<byte>(1024);
        output.AddRange(Magic);
        output.AddRange(batch.Id.ToByteArray(bigEndian: true));
        var groups = batch.Samples.GroupBy(s => s.Meter, StringComparer.Ordinal).ToList();
        var meters = groups.Select(g => g.Key).ToList();
        var metrics = batch.Samples.SelectMany(s => s.Values).Select(v => v.Metric).Distinct(StringComparer.Ordinal).ToList();
        var metricIndex = metrics.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        WriteNames(output, meters);
        WriteNames(output, metrics);
        BitPacking.WriteVarint(output, (ulong)groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            // One sample per instant: a later one at the same time replaces an earlier one, as on the server.
            var samples = groups[g].GroupBy(s => s.TimestampMs).Select(t => t.Last()).OrderBy(s => s.TimestampMs).ToList();
            BitPacking.WriteVarint(output, (ulong)g);
            BitPacking.WriteVarint(output, (ulong)samples.Count);
            WriteTimestamps(output, samples);
            var columns = samples.SelectMany(s => s.Values).Select(v => v.Metric).Distinct(StringComparer.Ordinal).ToList();
            BitPacking.WriteVarint(output, (ulong)columns.Count);
            foreach (var metric in columns)
            {
                WriteColumn(output, metricIndex[metric], samples.Select(s => Find(s, metric)).ToList());
            }
        }

        return [.. output];
    }

    public static bool TryDecode(ReadOnlySpan<byte> data, out GatewayBatch? batch, out TelemetryError? error)
    {
        batch = null;
        error = null;
        var reader = new BatchReader(data);
        var field = "";
        try
        {
            if (data.Length < Magic.Length + 16 || !data[..Magic.Length].SequenceEqual(Magic))
            {
                error = new TelemetryError("", "not a Wattline batch (version 1): the first bytes must be 57 4C 42 01");
                return false;
            }

            reader.Bytes(Magic.Length);
            var id = new Guid(reader.Bytes(16), bigEndian: true);
            field = "meters";
            var meters = ReadNames(ref reader);
            field = "metrics";
            var metrics = ReadNames(ref reader);
            field = "groups";
            var groupCount = reader.Count(meters.Length, "groups");
            var samples = new List<GatewaySample>();
            for (var g = 0; g < groupCount; g++)
            {
                field = $"groups[{g}]";
                var meter = meters[reader.Count(meters.Length - 1, "meter index")];
                var count = reader.Count(MaxSamples - samples.Count, "samples");
                var times = ReadTimestamps(ref reader, count);
                var values = new List<MetricValue>[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = [];
                }

                var columns = reader.Count(metrics.Length, "columns");
                for (var c = 0; c < columns; c++)
                {
                    field = $"groups[{g}].columns[{c}]";
                    ReadColumn(ref reader, metrics, values);
                }

                for (var i = 0; i < count; i++)
                {
                    samples.Add(new GatewaySample(meter, times[i], values[i]));
                }
            }

            if (!reader.AtEnd)
            {
                field = "";
                throw new FormatException($"{data.Length - reader.Position} bytes after the last group");
            }

            batch = new GatewayBatch(id, samples);
            return true;
        }
        catch (FormatException e)
        {
            error = new TelemetryError(field, $"{e.Message} (at byte {reader.Position})");
            return false;
        }
    }

    private static MetricValue? Find(GatewaySample sample, string metric)
    {
        foreach (var value in sample.Values)
        {
            if (value.Metric == metric)
            {
                return value;
            }
        }

        return null;
    }

    private static void WriteNames(List<byte> output, List<string> names)
    {
        BitPacking.WriteVarint(output, (ulong)names.Count);
        foreach (var name in names)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            BitPacking.WriteVarint(output, (ulong)bytes.Length);
            output.AddRange(bytes);
        }
    }

    private static string[] ReadNames(ref BatchReader reader)
    {
        var names = new string[reader.Count(MaxNames, "names")];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Encoding.UTF8.GetString(reader.Bytes(reader.Count(255, "name length")));
        }

        return names;
    }

    private static void WriteTimestamps(List<byte> output, List<GatewaySample> samples)
    {
        BitPacking.WriteVarint(output, (ulong)samples[0].TimestampMs);
        var packed = new List<ulong>(samples.Count);
        long previousDelta = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            var delta = samples[i].TimestampMs - samples[i - 1].TimestampMs;
            packed.Add(BitPacking.ZigZag(delta - previousDelta));
            previousDelta = delta;
        }

        BitPacking.WriteRuns(output, packed);
    }

    private static long[] ReadTimestamps(ref BatchReader reader, int count)
    {
        var times = new long[count];
        if (count == 0)
        {
            return times;
        }

        times[0] = (long)reader.Varint();
        var packed = reader.Runs(count - 1);
        long delta = 0;
        for (var i = 1; i < count; i++)
        {
            delta += BitPacking.UnZigZag(packed[i - 1]);
            if (delta <= 0)
            {
                throw new FormatException("timestamps must increase");
            }

            times[i] = times[i - 1] + delta;
        }

        return times;
    }

    private static void WriteColumn(List<byte> output, int metric, List<MetricValue?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value.Value).ToList();
        var decimals = DecimalsOf(present);
        var scale = Math.Pow(10, decimals);
        BitPacking.WriteVarint(output, (ulong)metric);
        output.Add((byte)decimals);
        var gaps = present.Count < values.Count;
        output.Add(gaps ? (byte)1 : (byte)0);
        if (gaps)
        {
            var bitmap = new byte[(values.Count + 7) / 8];
            for (var i = 0; i < values.Count; i++)
            {
                bitmap[i / 8] |= values[i] is null ? (byte)0 : (byte)(1 << (i % 8));
            }

            output.AddRange(bitmap);
        }

        var scaled = present.Select(v => (long)Math.Round(v * scale, MidpointRounding.AwayFromZero)).ToList();
        BitPacking.WriteVarint(output, BitPacking.ZigZag(scaled[0]));
        BitPacking.WriteRuns(output, [.. scaled.Skip(1).Select((v, i) => BitPacking.ZigZag(v - scaled[i]))]);
    }

    private static void ReadColumn(ref BatchReader reader, string[] metrics, List<MetricValue>[] values)
    {
        var metric = metrics[reader.Count(metrics.Length - 1, "metric index")];
        var decimals = reader.Byte();
        if (decimals > MaxDecimals)
        {
            throw new FormatException($"{decimals} decimals, more than {MaxDecimals}");
        }

        var flags = reader.Byte();
        if (flags > 1)
        {
            throw new FormatException($"unknown column flags {flags}");
        }

        var presence = new bool[values.Length];
        if (flags == 1)
        {
            var bitmap = reader.Bytes((values.Length + 7) / 8);
            for (var i = 0; i < values.Length; i++)
            {
                presence[i] = (bitmap[i / 8] & (1 << (i % 8))) != 0;
            }
        }
        else
        {
            Array.Fill(presence, true);
        }

        var count = presence.Count(p => p);
        if (count == 0)
        {
            throw new FormatException("a column without values");
        }

        var scale = Math.Pow(10, decimals);
        var current = BitPacking.UnZigZag(reader.Varint());
        var deltas = reader.Runs(count - 1);
        var next = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!presence[i])
            {
                continue;
            }

            if (next > 0)
            {
                current += BitPacking.UnZigZag(deltas[next - 1]);
            }

            next++;
            values[i].Add(new MetricValue(metric, current / scale));
        }
    }

    // The fewest decimals that keep every value exact; at most six, and fewer where six would leave a double's exact range.
    private static int DecimalsOf(List<double> values)
    {
        var largest = values.Count == 0 ? 0 : values.Max(Math.Abs);
        for (var decimals = 0; decimals <= MaxDecimals; decimals++)
        {
            var scale = Math.Pow(10, decimals);
            if (largest * scale * 10 > MaxScaled)
            {
                return decimals;
            }

            if (values.All(v => Math.Abs((v * scale) - Math.Round(v * scale)) <= 1e-6))
            {
                return decimals;
            }
        }

        return MaxDecimals;
    }
}
