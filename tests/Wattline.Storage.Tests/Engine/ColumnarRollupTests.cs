using Microsoft.Extensions.Logging.Abstractions;
using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

/// <summary>
/// Rollups against an oracle: whatever order points arrive in (late uploads, resent batches with new values),
/// with checkpoints, restarts and crash images in between, every bucketed query and every counter increase
/// must equal what the stored points themselves give.
/// </summary>
public sealed class ColumnarRollupTests : IAsyncLifetime
{
    private static readonly ColumnarStoreOptions Small = new() { ChunkPoints = 200 };
    private static readonly long[] Widths = [60_000, 120_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000, 2 * 86_400_000];
    private static readonly long Start = new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-rollups-").FullName;
    private readonly SortedDictionary<long, double> _oracle = [];
    private ColumnarStore _store = null!;

    public ValueTask InitializeAsync()
    {
        _store = ColumnarStore.Open(_folder, NullLogger.Instance, Small);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task QueryAsync_AfterRandomLateRepeatedWritesCheckpointsAndRestarts_EqualsTheStoredPoints(int seed)
    {
        var random = new Random(seed);
        var clock = Start;
        for (var step = 0; step < 60; step++)
        {
            var kind = random.Next(10);
            if (kind < 6)
            {
                // In order: a device reporting every 10 s with jitter, for up to two hours.
                var points = new List<PointWrite>();
                for (var i = random.Next(1, 700); i > 0; i--)
                {
                    clock += 10_000 + random.Next(-300, 300);
                    points.Add(Point(clock, Math.Round(230 + (random.NextDouble() * 10), 1)));
                }

                await WriteAsync(points);
            }
            else if (kind < 8 && _oracle.Count > 0)
            {
                // A late upload or a resent batch: timestamps inside what is stored, some repeated with new values.
                var from = _oracle.Keys.ElementAt(random.Next(_oracle.Count));
                var points = new List<PointWrite>();
                for (var i = random.Next(1, 200); i > 0; i--)
                {
                    var ts = random.Next(3) == 0 && _oracle.Count > 0 ? _oracle.Keys.ElementAt(random.Next(_oracle.Count)) : from + random.Next(0, 3_600_000);
                    points.Add(Point(Math.Min(ts, clock), Math.Round(200 + (random.NextDouble() * 50), 1)));
                }

                await WriteAsync(points.DistinctBy(p => p.TimestampMs).ToList());
            }
            else if (kind == 8)
            {
                await _store.CheckpointAsync();
            }
            else
            {
                await ReopenAsync(crash: random.Next(2) == 0);
            }

            if (step % 6 == 5)
            {
                await AssertQueriesMatchAsync(random);
            }
        }

        await ReopenAsync(crash: false);
        await AssertQueriesMatchAsync(random);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task GetCounterIncreaseAsync_WithResetsJitterAndLateData_EqualsTheStoredPoints(int seed)
    {
        var random = new Random(seed);
        var clock = Start;
        var counter = 1_000_000.0;
        for (var step = 0; step < 40; step++)
        {
            var points = new List<PointWrite>();
            for (var i = random.Next(50, 600); i > 0; i--)
            {
                clock += 10_000;
                counter = random.Next(2000) == 0 ? random.Next(0, 5) : counter + random.Next(0, 12);
                var jitter = random.Next(50) == 0 ? -random.Next(1, 3) : 0;
                points.Add(Point(clock, counter + jitter));
            }

            if (random.Next(4) == 0 && _oracle.Count > 0)
            {
                // A resent batch of old readings.
                var old = _oracle.Keys.ElementAt(random.Next(_oracle.Count));
                points.AddRange(_oracle.Where(p => p.Key >= old).Take(100).Select(p => Point(p.Key, p.Value)));
            }

            await WriteAsync(points.DistinctBy(p => p.TimestampMs).ToList());
            if (random.Next(3) == 0)
            {
                await _store.CheckpointAsync();
            }

            if (random.Next(8) == 0)
            {
                await ReopenAsync(crash: random.Next(2) == 0);
            }
        }

        foreach (var stepMs in new[] { 900_000L, 3_600_000, 86_400_000, 10_000 })
        {
            var from = Start + random.Next(0, 7_200_000);
            var to = clock - random.Next(0, 7_200_000);
            var expected = OracleIncreases(from, to, stepMs);
            var actual = await _store.GetCounterIncreaseAsync("meter", "energy_import", from, to, stepMs);

            Assert.Equal(expected.Select(e => e.StartMs), actual.Select(a => a.StartMs));
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Increase, pair.Second.Increase, 1e-6));
            Assert.Equal(expected.Sum(e => e.Increase), actual.Sum(a => a.Increase), 1e-6);
        }
    }

    private static PointWrite Point(long ts, double value) => new("meter", "energy_import", ts, value);

    private async Task WriteAsync(List<PointWrite> points)
    {
        await _store.WriteAsync(points);
        foreach (var point in points)
        {
            _oracle[point.TimestampMs] = point.Value;
        }
    }

    private async Task ReopenAsync(bool crash)
    {
        if (!crash)
        {
            await _store.DisposeAsync();
            _store = ColumnarStore.Open(_folder, NullLogger.Instance, Small);
            return;
        }

        // The disk as a power cut would leave it: no checkpoint, no rollup rows written since the last one.
        var image = Directory.CreateTempSubdirectory("wattline-rollups-crash-").FullName;
        foreach (var file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(image, Path.GetRelativePath(_folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        Directory.Move(image, _folder);
        _store = ColumnarStore.Open(_folder, NullLogger.Instance, Small);
    }

    private async Task AssertQueriesMatchAsync(Random random)
    {
        if (_oracle.Count == 0)
        {
            return;
        }

        var first = _oracle.Keys.First();
        var last = _oracle.Keys.Last();
        for (var q = 0; q < 12; q++)
        {
            var width = Widths[random.Next(Widths.Length)];
            var from = first - 600_000 + (long)(random.NextDouble() * (last - first));
            var to = random.Next(4) == 0 ? last + 1 : from + (long)(random.NextDouble() * (last - from + 1)) + 1;
            var actual = (await _store.QueryBucketsAsync("meter", "energy_import", from, to, width)).Buckets;
            var expected = _oracle.Where(p => p.Key >= from && p.Key < to)
                .GroupBy(p => p.Key - (((p.Key % width) + width) % width))
                .Select(g => (Start: g.Key, Min: g.Min(p => p.Value), Max: g.Max(p => p.Value), Last: g.Last().Value, Count: g.Count(), Avg: g.Average(p => p.Value)))
                .ToList();

            Assert.Equal(expected.Select(e => (e.Start, e.Min, e.Max, e.Last, e.Count)), actual.Select(a => (a.StartMs, a.Min, a.Max, a.Last, a.Count)));
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Avg, pair.Second.Avg, 1e-9 * Math.Abs(pair.First.Avg)));
        }
    }

    // Reading by reading, by the rule every store applies (wraps, resets, jitter).
    private List<CounterIncrease> OracleIncreases(long from, long to, long stepMs)
    {
        double? previous = _oracle.Where(p => p.Key < from).Select(p => (double?)p.Value).LastOrDefault();
        var result = new List<CounterIncrease>();
        foreach (var (ts, value) in _oracle.Where(p => p.Key >= from && p.Key < to))
        {
            if (previous is { } p)
            {
                var (increase, counter) = CounterStep.Advance(p, value);
                CounterIncrease.Accumulate(result, ts, stepMs, increase);

                previous = counter;
            }
            else
            {
                previous = value;
            }
        }

        return result;
    }
}
