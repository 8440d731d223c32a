using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckString_MatchesPublishedValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Compute_Rfc3720Vectors_MatchPublishedValues()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Compute_EveryLengthUpTo100_MatchesBitwiseDefinition()
    {
        var random = new Random(7);
        for (var length = 0; length <= 100; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(BitwiseCrc32C(data), Crc32C.Compute(data));
        }
    }

    private static uint BitwiseCrc32C(byte[] data)
    {
        const uint ReflectedPolynomial = 0x82F63B78;
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
        }

        return ~crc;
    }
}
