using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wattline.Contracts.Devices;
using Wattline.Server.Devices;
using Wattline.Server.Telemetry;
using Wattline.Storage;

namespace Wattline.Server.Tests;

public sealed class ReadingsImporterTests
{
    private static readonly DeviceIdentity Meter = new("dmeter", DeviceKind.SinglePhaseMeter, 0, "hash");
    private static readonly long Start = TimeProvider.System.GetUtcNow().AddDays(-10).ToUnixTimeMilliseconds() / 1000 * 1000;

    [Fact]
    public async Task ImportAsync_LinesCutAcrossSmallReads_EachLineReadWhole()
    {
        var store = new RecordingStore();
        var csv = "\uFEFFtime,metric,value\r\n"
            + $"{Iso(Start)},voltage,230.5\r\n"
            + $"\"{Iso(Start + 1000)}\", \"voltage\" ,231\n"
            + $"{Iso(Start + 2000)},voltage,{new string('1', 2000)}\n"
            + $"{Iso(Start + 3000)},energy_import,12.5\n"
            + "\n"
            + $"{Start + 4000},voltage,232";

        var outcome = await ImportAsync(store, csv, bufferSize: 16);

        Assert.Equal(
            [(Start, "voltage", 230.5), (Start + 1000, "voltage", 231.0), (Start + 3000, "energy_import", 12.5), (Start + 4000, "voltage", 232.0)],
            store.Written.Select(p => (p.TimestampMs, p.Metric, p.Value)));
        Assert.Equal((4L, Start, Start + 4000), (outcome.Points, outcome.EarliestMs, outcome.LatestMs));
        Assert.Equal([(4L, "longer than 1024 bytes")], outcome.Refusals);
        Assert.Equal((7L, 1L), (outcome.Lines, outcome.RefusedLines));
        Assert.Null(outcome.Failure);
    }

    [Fact]
    public async Task ImportAsync_ManyBadLines_FirstTwentyListedAllCountedGoodOnesStored()
    {
        var store = new RecordingStore();
        var csv = string.Concat(Enumerable.Range(0, 100).Select(i => $"{Iso(Start + (i * 1000L))},voltage,{(i % 2 == 0 ? "230" : "x")}\n"));

        var outcome = await ImportAsync(store, csv);

        Assert.Equal(50, outcome.Points);
        Assert.Equal(50, outcome.RefusedLines);
        Assert.Equal(Enumerable.Range(0, ReadingsImporter.MaxListedRefusals).Select(i => (long)((2 * i) + 2)), outcome.Refusals.Select(r => r.Line));
        Assert.All(outcome.Refusals, r => Assert.Equal("value: not a number", r.Reason));
    }

    [Fact]
    public async Task ImportAsync_StoreFailsOnThirdBatch_EarlierBatchesKeptAndLineNamed()
    {
        var store = new RecordingStore { FailFromWrite = 3 };
        var csv = "time,metric,value\n" + string.Concat(Enumerable.Range(0, 35_000).Select(i => $"{Iso(Start + (i * 1000L))},voltage,230\n"));

        var outcome = await ImportAsync(store, csv);

        // Two batches of at least BatchSize readings are stored, in file order; the line after them is the first one lost.
        Assert.InRange(outcome.Points, 2 * ReadingsImporter.BatchSize, 35_000 - 1);
        Assert.Equal(outcome.Points, store.Written.Count);
        Assert.Equal(Start + ((outcome.Points - 1) * 1000L), outcome.LatestMs);
        Assert.Equal(503, outcome.FailureStatus);
        Assert.Contains($"from line {outcome.Points + 2} on were not stored", outcome.Failure, StringComparison.Ordinal);
    }

    private static async Task<ImportOutcome> ImportAsync(RecordingStore store, string csv, int bufferSize = 4096)
    {
        var importer = new ReadingsImporter(store, TimeProvider.System, NullLogger<ReadingsImporter>.Instance);
        var body = PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new StreamPipeReaderOptions(bufferSize: bufferSize, minimumReadSize: Math.Min(bufferSize, 1024)));
        return await importer.ImportAsync(Meter, body, CancellationToken.None);
    }

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Keeps what it is given; from the write numbered FailFromWrite on, fails as a full disk would.
    private sealed class RecordingStore : ITimeSeriesStore
    {
        private int _writes;

        public int FailFromWrite { get; init; } = int.MaxValue;

        public List<PointWrite> Written { get; } = [];

        public string? WriteFailure => null;

        public async Task WriteAsync(IReadOnlyList<PointWrite> points, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (Interlocked.Increment(ref _writes) >= FailFromWrite)
            {
                throw new IOException("No space left on device");
            }

            lock (Written)
            {
                Written.AddRange(points);
            }
        }

        public Task<IReadOnlyList<LatestPoint>> GetLatestAsync(string deviceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SeriesQueryResult> QueryAsync(string deviceId, string metric, long fromMs, long toMs, int maxPoints, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<CounterIncrease>> GetCounterIncreaseAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<LatestPoint> ReadRawAsync(string deviceId, string metric, long fromMs, long toMs, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetMetricsAsync(string deviceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AssignDevicesAsync(IReadOnlyCollection<(string DeviceId, string HomeId)> assignments, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<StorageUsage> GetUsageAsync(string homeId, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<long> ApplyRetentionAsync(string homeId, IReadOnlyCollection<string> deviceIds, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
