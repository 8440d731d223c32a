using Microsoft.Extensions.Logging.Abstractions;
using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

/// <summary>The store contract against the columnar engine, plus what is particular to it: chunks, checkpoints, crash images.</summary>
public sealed class ColumnarStoreTests : TimeSeriesStoreContract
{
    // Small chunks, so that the tests cross chunk boundaries with a few hundred points.
    // Device "b" is in home "home-b", every other device in "home-a".
    private static readonly ColumnarStoreOptions Small = new() { ChunkPoints = 64, PartitionOf = device => device == "b" ? "home-b" : "home-a" };

    protected override ITimeSeriesStore Open(string folder) => ColumnarStore.Open(folder, NullLogger.Instance, Small);

    [Fact]
    public async Task ApplyRetentionAsync_RawGone_YearChartAndEnergyStillComeFromRollups()
    {
        // 200 days of 1-minute readings; the device then falls silent, so its last buckets were never closed by new data.
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var start = now.AddDays(-200).ToUnixTimeMilliseconds();
        var minutes = 200 * 1440;
        var points = Enumerable.Range(0, minutes).SelectMany(i => new PointWrite[]
        {
            new("a", "active_power", start + (i * 60_000L), Math.Round(500 + (400 * Math.Sin(i / 90.0)) + (i % 7), 1)),
            new("a", "energy_import", start + (i * 60_000L), 1_000_000 + (i * 8L)),
        }).ToList();
        await Store.WriteAsync(points);
        await ReopenAsync();
        var before = await ((ColumnarStore)Store).QueryBucketsAsync("a", "active_power", start, now.ToUnixTimeMilliseconds(), 43_200_000);
        var energyBefore = await Store.GetCounterIncreaseAsync("a", "energy_import", start, now.ToUnixTimeMilliseconds(), 86_400_000);

        var freed = await Store.ApplyRetentionAsync("home-a", ["a"], RetentionPolicy.Default, now);
        await ReopenAsync();
        var after = await ((ColumnarStore)Store).QueryBucketsAsync("a", "active_power", start, now.ToUnixTimeMilliseconds(), 43_200_000);
        var energyAfter = await Store.GetCounterIncreaseAsync("a", "energy_import", start, now.ToUnixTimeMilliseconds(), 86_400_000);
        var raw = 0;
        await foreach (var _ in Store.ReadRawAsync("a", "active_power", start, now.AddDays(-91).ToUnixTimeMilliseconds()))
        {
            raw++;
        }

        Assert.True(freed > 0);
        Assert.Equal(0, raw);
        Assert.Equal(400, before.Buckets.Count);
        Assert.Equal(before.Buckets.Select(b => (b.StartMs, b.Min, b.Max, b.Last, b.Count)), after.Buckets.Select(b => (b.StartMs, b.Min, b.Max, b.Last, b.Count)));
        Assert.Equal(energyBefore.Select(e => (e.StartMs, e.Increase)), energyAfter.Select(e => (e.StartMs, e.Increase)));
        Assert.Equal((minutes - 1) * 8.0, energyAfter.Sum(e => e.Increase));
    }

    [Fact]
    public async Task AssignDeviceAsync_ToAnotherHome_ReadingsFollowAndUsageMoves()
    {
        await Store.WriteAsync(Enumerable.Range(0, 5000).Select(i => new PointWrite("x", "voltage", i * 10_000L, 230 + (i % 9 * 0.1))).ToList());
        await ReopenAsync();
        var before = await Store.QueryAsync("x", "voltage", 0, 50_000_000, 500);

        await Store.AssignDevicesAsync([("x", "home-c")]);
        await ReopenAsync();
        await Store.WriteAsync([new("x", "voltage", 50_000_000, 240)]);
        await ReopenAsync();

        var after = await Store.QueryAsync("x", "voltage", 0, 50_000_000, 500);
        Assert.Equal(before.Buckets, after.Buckets);
        Assert.True((await Store.GetUsageAsync("home-c", ["x"])).BytesByDevice["x"] > 0);
        Assert.Equal(0, (await Store.GetUsageAsync("home-a", ["x"])).BytesByDevice["x"]);
        Assert.Equal(0, (await Store.GetUsageAsync("home-a", [])).TotalBytes);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Folder, "chunks", "home-a"), "*", SearchOption.AllDirectories));
        Assert.Equal(240, (await Store.GetLatestAsync("x")).Single().Value);
    }

    [Fact]
    public async Task LateAndRepeatedPoints_AcrossChunksAndHead_MergedLastWriteWins()
    {
        await Store.WriteAsync(Enumerable.Range(0, 300).Select(i => new PointWrite("m", "voltage", i * 1000L, 230)).ToList());
        // A gateway's late upload overlaps: it repeats some timestamps with new values and fills a gap before the start.
        await Store.WriteAsync(Enumerable.Range(-50, 100).Select(i => new PointWrite("m", "voltage", i * 1000L, 231)).ToList());
        await ((ColumnarStore)Store).CheckpointAsync();
        await Store.WriteAsync([new("m", "voltage", 10_000, 229)]);

        var result = await Store.QueryAsync("m", "voltage", -100_000, 400_000, 1000);
        var second = result.Buckets.Single(b => b.StartMs == 10_000);

        Assert.Equal(350, result.Buckets.Sum(b => b.Count));
        Assert.Equal(229, second.Last);
        Assert.Equal(231, result.Buckets.Single(b => b.StartMs == 49_000).Last);
        Assert.Equal(230, result.Buckets.Single(b => b.StartMs == 50_000).Last);
    }

    [Fact]
    public async Task ReadRawAsync_AcrossChunksCheckpointsAndHead_MatchesBucketedCount()
    {
        await Store.WriteAsync(Enumerable.Range(0, 1000).Select(i => new PointWrite("m", "power", i * 1000L, i % 13)).ToList());
        await ((ColumnarStore)Store).CheckpointAsync();
        await Store.WriteAsync(Enumerable.Range(500, 1000).Select(i => new PointWrite("m", "power", i * 1000L, 100 + (i % 13))).ToList());

        var count = 0;
        long previous = long.MinValue;
        await foreach (var point in Store.ReadRawAsync("m", "power", 0, long.MaxValue))
        {
            Assert.True(point.TimestampMs > previous);
            Assert.Equal(point.TimestampMs < 500_000 ? point.TimestampMs / 1000 % 13 : 100 + (point.TimestampMs / 1000 % 13), point.Value);
            previous = point.TimestampMs;
            count++;
        }

        Assert.Equal(1500, count);
    }

    [Fact]
    public async Task CrashImage_CopiedRightAfterAcknowledgement_HoldsEveryAcknowledgedPoint()
    {
        for (var batch = 0; batch < 20; batch++)
        {
            await Store.WriteAsync(Enumerable.Range(0, 37).Select(i => new PointWrite("m", "current", ((batch * 37) + i) * 1000L, (batch * 37) + i)).ToList());
        }

        // What the disk holds at this instant, as a power cut would leave it (no close, no checkpoint).
        var image = Directory.CreateTempSubdirectory("wattline-crash-image-").FullName;
        CopyFolder(Folder, image);
        await using var recovered = ColumnarStore.Open(image, NullLogger.Instance, Small);

        var result = await recovered.QueryAsync("m", "current", 0, 1_000_000, 1000);
        var latest = Assert.Single(await recovered.GetLatestAsync("m"));

        Assert.Equal(740, result.Buckets.Sum(b => b.Count));
        Assert.Equal(new LatestPoint("current", 739_000, 739), latest);
        await recovered.DisposeAsync();
        Directory.Delete(image, recursive: true);
    }

    [Fact]
    public async Task DeleteDevice_AfterCheckpoint_ItsChunksLeaveTheDiskAndOthersStay()
    {
        await Store.WriteAsync(Enumerable.Range(0, 500).SelectMany(i => new[]
        {
            new PointWrite("gone", "voltage", i * 1000L, 230 + (i % 7)),
            new PointWrite("kept", "voltage", i * 1000L, 231),
        }).ToList());
        await ((ColumnarStore)Store).CheckpointAsync();
        var before = ChunkBytes();

        await Store.WriteAsync([new("gone", "current", 600_000, 1.5)]);
        await Store.DeleteDeviceAsync("gone");
        var logBytes = Directory.GetFiles(Path.Combine(Folder, "wal")).Sum(f => new FileInfo(f).Length);
        await ReopenAsync();

        Assert.True(ChunkBytes() < before * 0.75, $"{ChunkBytes()} of {before} bytes left");
        Assert.Equal(0, logBytes);
        Assert.Empty(await Store.GetLatestAsync("gone"));
        Assert.Equal(500, (await Store.QueryAsync("kept", "voltage", 0, 1_000_000, 1000)).Buckets.Sum(b => b.Count));
        Assert.Empty((await Store.QueryAsync("gone", "voltage", 0, 1_000_000, 1000)).Buckets);
    }

    [Fact]
    public async Task Checkpoint_TrimsLogAndReopenReadsFromChunks()
    {
        await Store.WriteAsync(Enumerable.Range(0, 1000).Select(i => new PointWrite("m", "energy_import", i * 10_000L, 1000 + i)).ToList());

        await ((ColumnarStore)Store).CheckpointAsync();
        var logBytes = Directory.GetFiles(Path.Combine(Folder, "wal")).Sum(f => new FileInfo(f).Length);
        await ReopenAsync();
        var increases = await Store.GetCounterIncreaseAsync("m", "energy_import", 10_000, 10_000_000, 900_000);

        Assert.Equal(0, logBytes);
        Assert.Equal(999, increases.Sum(i => i.Increase));
        Assert.Equal(new LatestPoint("energy_import", 9_990_000, 1999), Assert.Single(await Store.GetLatestAsync("m")));
    }

    [Fact]
    public async Task OnDisk_DayOfVoltageReadings_UnderHalfAByteAPointWithIndexHeaders()
    {
        var folder = Path.Combine(Folder, "sized");
        await using var store = ColumnarStore.Open(folder, NullLogger.Instance);
        var random = new Random(7);
        var voltage = 2300;
        var points = new List<PointWrite>();
        for (var i = 0; i < 86_400; i++)
        {
            voltage = Math.Clamp(voltage + random.Next(-1, 2), 2270, 2330);
            points.Add(new PointWrite("m", "voltage", 1_700_000_000_000 + (i * 1000L), voltage / 10.0));
        }

        await store.WriteAsync(points);
        await store.CheckpointAsync();

        // Chunks with their headers and the file entry headers; the log is empty after the checkpoint.
        var bytes = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 86_400 / 2, $"{bytes} bytes for a day of 1 s voltage readings");
    }

    private long ChunkBytes() => Directory.GetFiles(Path.Combine(Folder, "chunks"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var target = File.Create(Path.Combine(to, Path.GetRelativePath(from, file)));
            source.CopyTo(target);
        }
    }
}
