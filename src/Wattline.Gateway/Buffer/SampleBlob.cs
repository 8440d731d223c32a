using System.Buffers.Binary;
using Wattline.Contracts.Telemetry;

namespace Wattline.Gateway.Buffer;

/// <summary>One sample's metrics in a buffer row: a count, then for each metric its id in the name table and the value as a double.</summary>
internal static class SampleBlob
{
    public static byte[] Encode(IReadOnlyList<MetricValue> values, Func<string, int> idOf)
    {
        var blob = new byte[2 + (values.Count * 10)];
        BinaryPrimitives.WriteUInt16LittleEndian(blob, (ushort)values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var at = blob.AsSpan(2 + (i * 10));
            BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)idOf(values[i].Metric));
            BinaryPrimitives.WriteDoubleLittleEndian(at[2..], values[i].Value);
        }

        return blob;
    }

    public static List<MetricValue> Decode(ReadOnlySpan<byte> blob, IReadOnlyDictionary<int, string> names)
    {
        var count = BinaryPrimitives.ReadUInt16LittleEndian(blob);
        var values = new List<MetricValue>(count);
        for (var i = 0; i < count; i++)
        {
            var at = blob[(2 + (i * 10))..];
            values.Add(new MetricValue(names[BinaryPrimitives.ReadUInt16LittleEndian(at)], BinaryPrimitives.ReadDoubleLittleEndian(at[2..])));
        }

        return values;
    }
}
