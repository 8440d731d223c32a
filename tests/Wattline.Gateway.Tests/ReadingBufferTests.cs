using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts.Telemetry;
using Wattline.Gateway.Buffer;

namespace Wattline.Gateway.Tests;

public sealed class ReadingBufferTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_UntilAcknowledged_SameIdAndReadingsEvenAfterReopening()
    {
        var path = NewPath();
        var clock = new FakeTimeProvider(Start);
        PendingBatch first;
        using (var buffer = new ReadingBuffer(path, clock))
        {
            for (var i = 0; i < 5; i++)
            {
                buffer.Add("grid", Start.AddSeconds(i).ToUnixTimeMilliseconds(), [new(MetricCatalog.Voltage, 230 + i)]);
            }

            first = buffer.Next(3)!;
            buffer.Add("grid", Start.AddSeconds(9).ToUnixTimeMilliseconds(), [new(MetricCatalog.Voltage, 239)]);
            Assert.Equal(first.Batch.Id, buffer.Next(3)!.Batch.Id);
        }

        using (var reopened = new ReadingBuffer(path, clock))
        {
            var again = reopened.Next(3)!;
            Assert.Equal(first.Batch.Id, again.Batch.Id);
            Assert.Equal([230.0, 231, 232], again.Batch.Samples.Select(s => s.Values[0].Value));

            reopened.Acknowledge(again);
            var next = reopened.Next(10)!;
            Assert.NotEqual(first.Batch.Id, next.Batch.Id);
            Assert.Equal([233.0, 234, 239], next.Batch.Samples.Select(s => s.Values[0].Value));
            Assert.Equal(3, reopened.Depth);
        }
    }

    [Fact]
    public void Trim_OlderThanMaxAge_DroppedAndCounted()
    {
        var clock = new FakeTimeProvider(Start);
        using var buffer = new ReadingBuffer(NewPath(), clock);
        for (var i = 0; i < 10; i++)
        {
            buffer.Add("grid", Start.AddHours(i).ToUnixTimeMilliseconds(), [new(MetricCatalog.Voltage, 230)]);
        }

        var pending = buffer.Next(100)!;
        clock.SetUtcNow(Start.AddHours(12));
        var dropped = Assert.Single(buffer.Trim(TimeSpan.FromHours(6), long.MaxValue));

        Assert.Equal(6, dropped.Count);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), dropped.OldestMs);
        Assert.Equal(Start.AddHours(5).ToUnixTimeMilliseconds(), dropped.NewestMs);
        Assert.Equal(6, buffer.DroppedTotal);
        Assert.Equal(4, buffer.Depth);
        // The batch that lost readings is not sent under its old id again.
        Assert.NotEqual(pending.Batch.Id, buffer.Next(100)!.Batch.Id);
    }

    [Fact]
    public void Trim_OverDiskBudget_OldestDroppedFirstUntilItFits()
    {
        var clock = new FakeTimeProvider(Start);
        using var buffer = new ReadingBuffer(NewPath(), clock);
        var metrics = Enumerable.Range(1, 3).SelectMany(p => new[] { "voltage_l", "current_l", "active_power_l" }.Select(m => m + p)).ToList();
        for (var i = 0; i < 20_000; i++)
        {
            buffer.Add("grid", Start.AddSeconds(i).ToUnixTimeMilliseconds(), [.. metrics.Select((m, j) => new MetricValue(m, i + j))]);
        }

        var before = buffer.UsedBytes;
        var dropped = buffer.Trim(TimeSpan.FromDays(30), 1024 * 1024);

        Assert.True(before > 2 * 1024 * 1024, $"{before} bytes before trimming");
        Assert.True(buffer.UsedBytes <= 1024 * 1024, $"{buffer.UsedBytes} bytes after trimming");
        Assert.Equal(dropped.Sum(d => d.Count), buffer.DroppedTotal);
        Assert.Equal(20_000 - buffer.DroppedTotal, buffer.Depth);
        var oldestKept = buffer.Next(1)!.Batch.Samples[0].TimestampMs;
        Assert.Equal(Start.AddSeconds(buffer.DroppedTotal).ToUnixTimeMilliseconds(), oldestKept);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), dropped.Min(d => d.OldestMs));
    }

    [Fact]
    public void NextNonce_AlwaysGrows_AcrossReopeningAndServerHints()
    {
        var path = NewPath();
        var clock = new FakeTimeProvider(Start);
        ulong first;
        using (var buffer = new ReadingBuffer(path, clock))
        {
            first = buffer.NextNonce();
            Assert.True(buffer.NextNonce() > first);
        }

        // The clock of the next start is a day behind (no real-time clock, no network time yet).
        using var reopened = new ReadingBuffer(path, new FakeTimeProvider(Start.AddDays(-1)));
        var later = reopened.NextNonce();
        reopened.SkipNoncesPast(later + 1000);

        Assert.True(later > first + 1);
        Assert.Equal(later + 1001, reopened.NextNonce());
    }

    private static string NewPath() => Path.Combine(Directory.CreateTempSubdirectory("wattline-buffer-").FullName, "buffer.db");
}
