using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

public sealed class CompactionTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-compaction-").FullName;
    private readonly FakeTimeProvider _clock = new(Day.AddHours(12));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CompactAsync_DayWrittenInCheckpointSizedChunks_SmallerOnDiskWithTheSameReadings()
    {
        // A socket reporting every 10 s, checkpointed every 15 minutes as the server does: 90 points a chunk.
        var store = Open();
        var start = Day.ToUnixTimeMilliseconds();
        for (var quarter = 0; quarter < 96; quarter++)
        {
            await store.WriteAsync(Enumerable.Range(0, 90).SelectMany(i =>
            {
                var ts = start + (((quarter * 90) + i) * 10_000L);
                return new PointWrite[] { new("socket", "active_power", ts, Math.Round(40 + (ts / 10_000 % 23 * 0.3), 1)), new("socket", "voltage", ts, 230 + (ts / 10_000 % 5 * 0.1)) };
            }).ToList());
            await store.CheckpointAsync();
        }

        // Late data for the same day arrives after the day is over.
        await store.WriteAsync([new("socket", "active_power", start + 5_000, 99.9)]);
        await store.CheckpointAsync();
        var before = await Snapshot(store);
        var usageBefore = (await store.GetUsageAsync("data", ["socket"])).BytesByResolution["raw"];

        _clock.Advance(TimeSpan.FromDays(1));
        var saved = await store.CompactAsync();

        // The replaced file stays for queries already reading it until the checkpoint after next.
        await store.CheckpointAsync();
        await store.CheckpointAsync();
        var after = await Snapshot(store);
        var usageAfter = (await store.GetUsageAsync("data", ["socket"])).BytesByResolution["raw"];
        await store.DisposeAsync();
        var reopened = Open();
        var again = await Snapshot(reopened);
        await reopened.DisposeAsync();

        Assert.True(saved > 0, $"saved {saved}");
        Assert.True(usageAfter < usageBefore * 0.6, $"{usageAfter} bytes after, {usageBefore} before");
        Assert.Equal(8641 + 144, before.Count);
        Assert.Equal(before, after);
        Assert.Equal(before, again);
        Assert.Contains((start + 5_000, 99.9), before);
    }

    [Fact]
    public async Task CompactAsync_TodaysFile_LeftAlone()
    {
        var store = Open();
        var today = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var round = 0; round < 10; round++)
        {
            await store.WriteAsync([new("socket", "active_power", today + (round * 10_000L), round)]);
            await store.CheckpointAsync();
        }

        Assert.Equal(0, await store.CompactAsync());
        await store.DisposeAsync();
    }

    private ColumnarStore Open() => ColumnarStore.Open(_folder, NullLogger.Instance, new ColumnarStoreOptions { CheckpointInterval = TimeSpan.FromDays(1) }, _clock);

    private static async Task<List<(long, double)>> Snapshot(ColumnarStore store)
    {
        var points = new List<(long, double)>();
        await foreach (var point in store.ReadRawAsync("socket", "active_power", long.MinValue, long.MaxValue))
        {
            points.Add((point.TimestampMs, point.Value));
        }

        var buckets = await store.QueryBucketsAsync("socket", "voltage", Day.ToUnixTimeMilliseconds(), Day.AddDays(1).ToUnixTimeMilliseconds(), 600_000);
        points.AddRange(buckets.Buckets.Select(b => (b.StartMs, b.Min + b.Max + b.Avg)));
        return points;
    }
}
