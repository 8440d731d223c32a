using System.Buffers.Binary;

namespace Wattline.Storage.Engine;

/// <summary>
/// The write-ahead log record of one write: the points grouped by series id,
/// <c>[groups u32]{[series u32][points u32]{[ts i64][value f64]}}</c>, little-endian.
/// </summary>
internal static class WalBatch
{
    public static byte[] Encode(IReadOnlyList<(int SeriesId, List<(long Ts, double Value)> Points)> groups)
    {
        var size = 4 + groups.Sum(g => 8 + (g.Points.Count * 16));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, groups.Count);
        var at = 4;
        foreach (var (seriesId, points) in groups)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], seriesId);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], points.Count);
            at += 8;
            foreach (var (ts, value) in points)
            {
                BinaryPrimitives.WriteInt64LittleEndian(span[at..], ts);
                BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 8)..], value);
                at += 16;
            }
        }

        return bytes;
    }

    /// <summary>Reads a record back; the log's checksum already vouched for its bytes, so a bad shape is a bug, reported as such.</summary>
    public static IEnumerable<(int SeriesId, long Ts, double Value)> Decode(byte[] record)
    {
        var groups = BinaryPrimitives.ReadInt32LittleEndian(record);
        var at = 4;
        for (var g = 0; g < groups; g++)
        {
            var seriesId = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(at));
            var count = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(at + 4));
            at += 8;
            if (count < 0 || at + (count * 16L) > record.Length)
            {
                throw new InvalidDataException($"A write-ahead log record of {record.Length} bytes claims {count} points.");
            }

            for (var i = 0; i < count; i++)
            {
                yield return (seriesId, BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(at)), BinaryPrimitives.ReadDoubleLittleEndian(record.AsSpan(at + 8)));
                at += 16;
            }
        }
    }
}
