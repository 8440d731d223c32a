using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

public sealed class SeriesHeadTests
{
    [Fact]
    public void Add_OutOfOrderAndDuplicates_SortedAndLastWriteWins()
    {
        var head = new SeriesHead();

        head.Add(3000, 3);
        head.Add(1000, 1);
        var replaced = head.Add(3000, 33);
        head.Add(2000, 2);
        var (timestamps, values) = head.TakeAll();

        Assert.True(replaced);
        Assert.Equal([1000L, 2000, 3000], timestamps);
        Assert.Equal([1.0, 2, 33], values);
        Assert.Equal(0, head.Count);
    }

    [Fact]
    public void Latest_LateOlderPoint_DoesNotReplaceNewest()
    {
        var head = new SeriesHead();
        head.Add(5000, 5);

        head.Add(1000, 1);

        Assert.Equal((5000L, 5.0), head.Latest);
    }

    [Fact]
    public void Add_NotFinite_Refused()
    {
        var head = new SeriesHead();

        Assert.Throws<ArgumentOutOfRangeException>(() => head.Add(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => head.Add(1, double.PositiveInfinity));
    }

    [Fact]
    public void Merge_OverlappingChunks_NewerValueWinsPerTimestamp()
    {
        (long[], double[]) older = ([1000, 2000, 3000], [1, 2, 3]);
        (long[], double[]) newer = ([2000, 4000], [20, 40]);

        var (timestamps, values) = SeriesHead.Merge([older, newer]);

        Assert.Equal([1000L, 2000, 3000, 4000], timestamps);
        Assert.Equal([1.0, 20, 3, 40], values);
    }
}
