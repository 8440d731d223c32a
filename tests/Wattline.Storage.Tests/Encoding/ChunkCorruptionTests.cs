using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

public sealed class ChunkCorruptionTests
{
    public static TheoryData<string> Chunks => [.. Samples.Keys];

    private static readonly Dictionary<string, byte[]> Samples = new()
    {
        ["single point"] = ChunkEncoder.Encode([1_795_435_200_000], [230.1]),
        ["jittery decimal"] = ChunkEncoder.Encode(
            [.. Enumerable.Range(0, 150).Select(i => 1_795_435_200_000L + (i * 1000) + (i * 7 % 13))],
            [.. Enumerable.Range(0, 150).Select(i => (2300 + (i * 37 % 11) - 5) / 10.0)]),
        ["constant run"] = ChunkEncoder.Encode(ChunkAssert.RegularTimestamps(300, 10_000), [.. Enumerable.Repeat(-12.5, 300)]),
        ["xor"] = ChunkEncoder.Encode(
            [long.MinValue, -5, 0, 3, 1_000_000_000_000_000, long.MaxValue],
            [Math.PI, -0.0, 1.0 / 3, 1.7e308, 1e-300, Math.PI]),
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Decode_AnySingleBitFlipped_ThrowsChunkCorrupt(string sample)
    {
        var chunk = Samples[sample];
        for (var bit = 0; bit < chunk.Length * 8; bit++)
        {
            var damaged = (byte[])chunk.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.Throws<ChunkCorruptException>(() => ChunkDecoder.Decode(damaged));
            Assert.Throws<ChunkCorruptException>(() => ChunkDecoder.ReadHeader(damaged));
        }
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Decode_TruncatedAtAnyLength_ThrowsChunkCorrupt(string sample)
    {
        var chunk = Samples[sample];
        for (var length = 0; length < chunk.Length; length++)
        {
            var truncated = chunk[..length];

            Assert.Throws<ChunkCorruptException>(() => ChunkDecoder.Decode(truncated));
        }
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Decode_TrailingBytes_ThrowsChunkCorrupt(string sample)
    {
        byte[] extended = [.. Samples[sample], 0];

        Assert.Throws<ChunkCorruptException>(() => ChunkDecoder.Decode(extended));
    }

    [Fact]
    public void Decode_UnknownVersion_ThrowsChunkCorrupt()
    {
        var chunk = Resealed(Samples["jittery decimal"], c => c[0] = 2);

        var exception = Assert.Throws<ChunkCorruptException>(() => ChunkDecoder.Decode(chunk));
        Assert.Contains("version", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Damage that happens to carry a valid checksum (or a hostile writer) must still meet the
    /// structural checks: the decoder throws ChunkCorruptException or returns points that keep
    /// every invariant, and never throws anything else.
    /// </summary>
    [Fact]
    public void Decode_DamageWithRecomputedChecksum_ThrowsChunkCorruptOrReturnsValidPoints()
    {
        var mutations =
            from sample in Gen.Elements(Samples.Values.ToArray())
            from damage in Gen.Choose(0, int.MaxValue).Three().ArrayOf()
            select Resealed(sample, c =>
            {
                foreach (var (position, value, kind) in damage)
                {
                    var index = position % c.Length;
                    c[index] = kind % 3 == 0 ? (byte)value : (byte)(c[index] ^ (1 << (value % 8)));
                }
            });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(mutations.ToArbitrary(), DecodesSafely));
    }

    private static bool DecodesSafely(byte[] chunk)
    {
        try
        {
            var (timestamps, values) = ChunkDecoder.Decode(chunk);
            var header = ChunkDecoder.ReadHeader(chunk);
            return timestamps.Length == header.Count
                && values.Length == header.Count
                && timestamps[0] == header.MinTimestampMs
                && timestamps[^1] == header.MaxTimestampMs
                && timestamps.Zip(timestamps.Skip(1)).All(p => p.First < p.Second)
                && values.All(double.IsFinite);
        }
        catch (ChunkCorruptException)
        {
            return true;
        }
    }

    /// <summary>Applies damage to the header and payload, then writes a checksum that matches it.</summary>
    private static byte[] Resealed(byte[] chunk, Action<byte[]> damage)
    {
        var body = chunk[..^4];
        damage(body);
        var resealed = new byte[chunk.Length];
        body.CopyTo(resealed, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(resealed.AsSpan(body.Length), Crc32C.Compute(body));
        return resealed;
    }
}
