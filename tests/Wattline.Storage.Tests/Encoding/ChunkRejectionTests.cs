using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

public sealed class ChunkRejectionTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Encode_NonFiniteValue_ThrowsArgumentException(double value)
    {
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([1, 2, 3], [1, value, 3]));
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([1], [value]));
    }

    [Fact]
    public void Encode_DuplicateTimestamp_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([1, 2, 2, 3], [1, 2, 3, 4]));
    }

    [Fact]
    public void Encode_UnsortedTimestamps_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([1, 3, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([long.MaxValue, long.MinValue], [1, 2]));
    }

    [Fact]
    public void Encode_Empty_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([], []));
    }

    [Fact]
    public void Encode_LengthsDiffer_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode([1, 2], [1]));
    }

    [Fact]
    public void Encode_MoreThanMaxPoints_ThrowsArgumentException()
    {
        var count = ChunkEncoder.MaxPointCount + 1;

        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode(ChunkAssert.RegularTimestamps(count, 1), new double[count]));
    }
}
