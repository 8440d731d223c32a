namespace Wattline.Storage.Tests;

/// <summary>
/// What every <see cref="ITimeSeriesStore"/> must do, run against each implementation
/// (<see cref="SqliteTimeSeriesStoreTests"/>, <see cref="Engine.ColumnarStoreTests"/>).
/// </summary>
public abstract class TimeSeriesStoreContract : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-storage-").FullName;
    private ITimeSeriesStore _store = null!;

    protected string Folder => _folder;

    protected ITimeSeriesStore Store => _store;

    public ValueTask InitializeAsync()
    {
        _store = Open(_folder);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_store).DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Opens the implementation under test on a data folder.</summary>
    protected abstract ITimeSeriesStore Open(string folder);

    /// <summary>Closes the store and opens it again on the same folder.</summary>
    protected async Task ReopenAsync()
    {
        await ((IAsyncDisposable)_store).DisposeAsync();
        _store = Open(_folder);
    }

    [Fact]
    public async Task WriteAsync_ThenReopen_PointsAndLatestSurvive()
    {
        await _store.WriteAsync([new("d1", "voltage", 1_000, 230.1), new("d1", "voltage", 2_000, 231.4), new("d1", "current", 2_000, 1.25)]);
        await ReopenAsync();

        var latest = await _store.GetLatestAsync("d1");

        Assert.Equal([new LatestPoint("current", 2_000, 1.25), new LatestPoint("voltage", 2_000, 231.4)], latest);
        var series = await _store.QueryAsync("d1", "voltage", 0, 10_000, 100);
        Assert.Equal(2, series.Buckets.Sum(b => b.Count));
    }

    [Fact]
    public async Task WriteAsync_DuplicateTimestamp_KeepsLastValueWritten()
    {
        await _store.WriteAsync([new("d1", "voltage", 5_000, 230.0)]);
        await _store.WriteAsync([new("d1", "voltage", 5_000, 232.0)]);

        var series = await _store.QueryAsync("d1", "voltage", 0, 10_000, 10);

        var bucket = Assert.Single(series.Buckets);
        Assert.Equal(1, bucket.Count);
        Assert.Equal(232.0, bucket.Last);
    }

    [Fact]
    public async Task WriteAsync_OlderPointAfterNewer_LatestStaysNewest()
    {
        await _store.WriteAsync([new("d1", "active_power", 9_000, 100)]);
        await _store.WriteAsync([new("d1", "active_power", 1_000, 50)]);

        var latest = Assert.Single(await _store.GetLatestAsync("d1"));

        Assert.Equal(new LatestPoint("active_power", 9_000, 100), latest);
    }

    [Fact]
    public async Task QueryAsync_ManyPoints_CappedToMaxPointsWithEnvelope()
    {
        var points = Enumerable.Range(0, 10_000).Select(i => new PointWrite("d1", "active_power", i * 1_000L, i == 4_321 ? 9_999 : 100)).ToList();
        await _store.WriteAsync(points);

        var result = await _store.QueryAsync("d1", "active_power", 0, 10_000_000, 200);

        Assert.InRange(result.Buckets.Count, 1, 200);
        Assert.Equal(10_000, result.Buckets.Sum(b => b.Count));
        // The single spike survives bucketing in the max envelope even though the average barely moves.
        Assert.Equal(9_999, result.Buckets.Max(b => b.Max));
        Assert.All(result.Buckets, b => Assert.InRange(b.Min, 100, 100));
    }

    [Fact]
    public async Task QueryAsync_BucketLast_IsValueAtLatestTimestamp()
    {
        await _store.WriteAsync([new("d1", "voltage", 60_000, 230), new("d1", "voltage", 119_000, 225), new("d1", "voltage", 90_000, 240)]);

        var result = await _store.QueryAsync("d1", "voltage", 60_000, 120_000, 1);

        var bucket = Assert.Single(result.Buckets);
        Assert.Equal(225, bucket.Last);
        Assert.Equal(240, bucket.Max);
        Assert.Equal(225, bucket.Min);
        Assert.Equal(231.6667, bucket.Avg, 3);
    }

    [Fact]
    public async Task GetCounterIncreaseAsync_CounterReset_CountsFromZeroNotNegative()
    {
        // 1000 Wh, rises 10 per step, resets to 5 at t=5 steps, then rises again.
        long step = 900_000;
        await _store.WriteAsync(
        [
            new("m", "energy_import", 0 * step, 1000),
            new("m", "energy_import", 1 * step, 1010),
            new("m", "energy_import", 2 * step, 1020),
            new("m", "energy_import", 3 * step, 5),
            new("m", "energy_import", 4 * step, 15),
        ]);

        var increases = await _store.GetCounterIncreaseAsync("m", "energy_import", step, 5 * step, step);

        Assert.Equal([10.0, 10.0, 5.0, 10.0], increases.Select(i => i.Increase));
        Assert.Equal(step, increases[0].StartMs);
    }

    [Fact]
    public async Task GetCounterIncreaseAsync_NoReadingBeforeRange_FirstReadingIsTheBaseline()
    {
        long step = 900_000;
        await Store.WriteAsync([new("m", "energy_import", 0, 5000), new("m", "energy_import", step, 5100)]);

        var increases = await Store.GetCounterIncreaseAsync("m", "energy_import", 0, 2 * step, step);

        // The counter's first reading says how much it had, not how much was used: only the rise counts.
        Assert.Equal([new CounterIncrease(step, 100)], increases);
    }

    [Fact]
    public async Task GetCounterIncreaseAsync_SmallDip_IsJitterNotReset()
    {
        long step = 900_000;
        await _store.WriteAsync(
        [
            new("m", "energy_import", 0 * step, 1_520_000),
            new("m", "energy_import", 1 * step, 1_520_100),
            new("m", "energy_import", 2 * step, 1_520_099.9),
            new("m", "energy_import", 3 * step, 1_520_200),
        ]);

        var increases = await _store.GetCounterIncreaseAsync("m", "energy_import", step, 4 * step, step);

        // Not 1.5 MWh: the 0.1 Wh dip is not a reset, and the counter stays where it was, so the recovery
        // from the dip is not counted again: the increases add up to the highest reading minus the first.
        Assert.Equal(200, increases.Sum(i => i.Increase), 1e-6);
        Assert.All(increases, i => Assert.True(i.Increase >= 0));
    }

    [Theory]
    [InlineData(60_000, 100, 65_536)]
    [InlineData(4_294_000_000, 20_000, 4_294_967_296)]
    [InlineData(99_990_000, 1_000, 100_000_000)]
    public async Task GetCounterIncreaseAsync_RegisterWrapsDuringDay_DaySumIsTrueConsumption(double start, double perQuarter, double modulus)
    {
        // A reading every quarter hour of a day from a fixed-width register that rolls over to zero on the way.
        long quarter = 900_000;
        var points = Enumerable.Range(0, 97).Select(i => new PointWrite("m", "energy_import", i * quarter, (start + (perQuarter * i)) % modulus)).ToList();
        Assert.Contains(points, p => p.Value < start);
        await Store.WriteAsync(points);

        var quarters = await Store.GetCounterIncreaseAsync("m", "energy_import", 0, (96 * quarter) + 1, quarter);
        var day = await Store.GetCounterIncreaseAsync("m", "energy_import", 0, (96 * quarter) + 1, 96 * quarter);

        Assert.Equal(96, quarters.Count);
        Assert.All(quarters, q => Assert.Equal(perQuarter, q.Increase, 6));
        Assert.Equal(96 * perQuarter, day.Sum(d => d.Increase), 6);
    }

    [Fact]
    public async Task ReadRawAsync_LateRepeatedAndSpreadPoints_AllInTimeOrderLastWriteWins()
    {
        await Store.WriteAsync(Enumerable.Range(0, 400).Select(i => new PointWrite("m", "power", i * 1000L, i)).ToList());
        await Store.WriteAsync(Enumerable.Range(-20, 50).Select(i => new PointWrite("m", "power", i * 1000L, -i)).ToList());
        await Store.WriteAsync([new("m", "power", 399_500, 7), new("m", "voltage", 1000, 230)]);

        var points = new List<LatestPoint>();
        await foreach (var point in Store.ReadRawAsync("m", "power", -10_000, 399_600))
        {
            points.Add(point);
        }

        Assert.Equal(411, points.Count);
        Assert.Equal(points.OrderBy(p => p.TimestampMs).Select(p => p.TimestampMs), points.Select(p => p.TimestampMs));
        Assert.Equal(-29, points.Single(p => p.TimestampMs == 29_000).Value);
        Assert.Equal(30, points.Single(p => p.TimestampMs == 30_000).Value);
        Assert.Equal(7, points[^1].Value);
        Assert.Equal(["power", "voltage"], await Store.GetMetricsAsync("m"));
    }

    [Fact]
    public async Task DeleteDeviceAsync_RemovesOnlyThatDevice()
    {
        await _store.WriteAsync([new("a", "voltage", 1, 230), new("b", "voltage", 1, 231)]);

        await _store.DeleteDeviceAsync("a");

        Assert.Empty(await _store.GetLatestAsync("a"));
        Assert.Single(await _store.GetLatestAsync("b"));
        await _store.WriteAsync([new("a", "voltage", 2, 229)]);
        Assert.Equal(229, Assert.Single(await _store.GetLatestAsync("a")).Value);
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWriters_AllPointsStored()
    {
        var writers = Enumerable.Range(0, 50).Select(w =>
            _store.WriteAsync(Enumerable.Range(0, 100).Select(i => new PointWrite($"dev{w}", "voltage", i * 1000L, 230)).ToList()));

        await Task.WhenAll(writers);

        for (var w = 0; w < 50; w++)
        {
            var result = await _store.QueryAsync($"dev{w}", "voltage", 0, 100_000, 10);
            Assert.Equal(100, result.Buckets.Sum(b => b.Count));
        }
    }

    [Fact]
    public async Task ApplyRetentionAsync_RawOlderThanPolicy_RemovedFromThatHomeOnly()
    {
        // Devices "a" and "b" belong to homes "home-a" and "home-b"; each reports hourly for 200 days.
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var start = now.AddDays(-200).ToUnixTimeMilliseconds();
        await _store.WriteAsync(Enumerable.Range(0, 200 * 24).SelectMany(h => new PointWrite[]
        {
            new("a", "voltage", start + (h * 3_600_000L), 230 + (h % 5)),
            new("b", "voltage", start + (h * 3_600_000L), 231),
        }).ToList());
        await ReopenAsync();

        var freed = await _store.ApplyRetentionAsync("home-a", ["a"], RetentionPolicy.Default, now);
        var cutoff = now.AddDays(-90).ToUnixTimeMilliseconds();
        var kept = await ReadAllAsync("a");
        var other = await ReadAllAsync("b");

        Assert.True(freed > 0);
        Assert.DoesNotContain(kept, p => p.TimestampMs < cutoff - 86_400_000);
        Assert.Equal(Enumerable.Range(0, 200 * 24).Select(h => start + (h * 3_600_000L)).Where(t => t >= cutoff), kept.Select(p => p.TimestampMs).Where(t => t >= cutoff));
        Assert.Equal(200 * 24, other.Count);
    }

    [Fact]
    public async Task GetUsageAsync_AfterWrites_ChargesEachHomeItsOwnDevices()
    {
        await _store.WriteAsync(Enumerable.Range(0, 20_000).Select(i => new PointWrite("a", "voltage", i * 1000L, 230 + (i % 17 * 0.1))).ToList());
        await _store.WriteAsync(Enumerable.Range(0, 100).Select(i => new PointWrite("b", "voltage", i * 1000L, 231)).ToList());
        await ReopenAsync();

        var homeA = await _store.GetUsageAsync("home-a", ["a"]);
        var homeB = await _store.GetUsageAsync("home-b", ["b"]);

        Assert.True(homeA.BytesByDevice["a"] > homeB.BytesByDevice["b"], $"{homeA.BytesByDevice["a"]} <= {homeB.BytesByDevice["b"]}");
        Assert.True(homeA.TotalBytes >= homeA.BytesByDevice["a"]);
        Assert.Equal(homeA.TotalBytes, homeA.BytesByResolution.Values.Sum());
        Assert.Equal(RetentionPolicy.TierNames, homeA.BytesByResolution.Keys);
        Assert.DoesNotContain("b", homeA.BytesByDevice.Keys);
    }

    private async Task<List<LatestPoint>> ReadAllAsync(string device)
    {
        var points = new List<LatestPoint>();
        await foreach (var point in _store.ReadRawAsync(device, "voltage", long.MinValue, long.MaxValue))
        {
            points.Add(point);
        }

        return points;
    }
}
