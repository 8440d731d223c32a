using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Wattline.StorageBench.Dataset;
using Wattline.StorageBench.Measure;

namespace Wattline.StorageBench.Targets;

/// <summary>
/// InfluxDB 1.x through its HTTP API, as Telegraf would use it: line protocol to <c>/write</c> with
/// millisecond timestamps in requests of about 5,000 lines, InfluxQL to <c>/query</c>. Every reading
/// of a device is one line, measurement <c>readings</c>, tag <c>device</c>, one field per metric
/// (a meter line carries 28 fields, a socket line 4); energy counters are integer fields.
/// </summary>
public sealed class InfluxTarget : IStorageTarget
{
    public const string Database = "wattline";

    private static readonly TimeSpan ColdSnapshot = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ColdFullCompaction = TimeSpan.FromSeconds(10);

    private readonly InfluxServer _server;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<SeriesInfo> _catalog;
    private readonly byte[][] _linePrefixes;
    private readonly byte[][] _fieldKeys;
    private readonly int[] _devices;
    private readonly int _linesPerRequest;
    private readonly bool _gzip;
    private readonly TimeSpan _settleTimeout;
    private readonly ArrayBufferWriter<byte> _body = new(8 << 20);
    private int _lines;
    private int _openDevice = -1;
    private long _openTimestamp;

    private InfluxTarget(InfluxServer server, IReadOnlyList<SeriesInfo> catalog, int linesPerRequest, bool gzip, TimeSpan settleTimeout)
    {
        _server = server;
        _catalog = catalog;
        _linesPerRequest = linesPerRequest;
        _gzip = gzip;
        _settleTimeout = settleTimeout;
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort.ToString(CultureInfo.InvariantCulture)}"),
            Timeout = TimeSpan.FromMinutes(30),
        };
        var devices = new Dictionary<string, int>(StringComparer.Ordinal);
        _linePrefixes = new byte[catalog.Count][];
        _fieldKeys = new byte[catalog.Count][];
        _devices = new int[catalog.Count];
        foreach (var series in catalog)
        {
            // Device ids and metric names are [a-z0-9_-]: nothing needs escaping.
            _devices[series.Index] = devices.TryGetValue(series.DeviceId, out var d) ? d : devices[series.DeviceId] = devices.Count;
            _linePrefixes[series.Index] = Encoding.UTF8.GetBytes($"readings,device={series.DeviceId} ");
            _fieldKeys[series.Index] = Encoding.UTF8.GetBytes(series.Metric + "=");
        }
    }

    public string Name { get; } = InfluxServer.Version().Split(" (", 2)[0];

    public string MemoryNote => "peak resident set (VmHWM) of the influxd process, a fresh one per run, read from /proc/<pid>/status after ingest; the benchmark process (generator, line protocol client) is not counted";

    public static async Task<InfluxTarget> StartAsync(IReadOnlyList<SeriesInfo> catalog, int linesPerRequest, bool gzip, TimeSpan settleTimeout, CancellationToken cancellationToken)
    {
        var server = await InfluxServer.StartAsync(ColdSnapshot, ColdFullCompaction, cancellationToken);
        var target = new InfluxTarget(server, catalog, linesPerRequest, gzip, settleTimeout);
        try
        {
            await target.RunQueryAsync($"CREATE DATABASE \"{Database}\"", cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<DataPoint> batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Length; i++)
        {
            var point = batch.Span[i];
            var device = _devices[point.Series];
            if (device == _openDevice && point.TimestampMs == _openTimestamp)
            {
                _body.Write(","u8);
            }
            else
            {
                if (_openDevice >= 0)
                {
                    EndLine();
                    if (_lines >= _linesPerRequest)
                    {
                        await SendAsync(cancellationToken);
                    }
                }

                _body.Write(_linePrefixes[point.Series]);
                (_openDevice, _openTimestamp) = (device, point.TimestampMs);
            }

            _body.Write(_fieldKeys[point.Series]);
            WriteValue(point.Value, _catalog[point.Series].IsInteger);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_openDevice >= 0)
        {
            EndLine();
            _openDevice = -1;
        }

        if (_lines > 0)
        {
            await SendAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<RangeBucket>> QueryAsync(SeriesInfo series, long fromMs, long toMs, long bucketMs, CancellationToken cancellationToken)
    {
        var field = series.Metric;
        var query = string.Create(CultureInfo.InvariantCulture,
            $"SELECT min(\"{field}\"), max(\"{field}\"), mean(\"{field}\") FROM \"readings\" WHERE \"device\" = '{series.DeviceId}' AND time >= {fromMs}ms AND time < {toMs}ms GROUP BY time({bucketMs}ms) fill(none)");
        using var document = await RunQueryAsync(query, cancellationToken);
        var buckets = new List<RangeBucket>();
        var result = document.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var seriesList))
        {
            return buckets;
        }

        foreach (var row in seriesList[0].GetProperty("values").EnumerateArray())
        {
            buckets.Add(new RangeBucket(row[0].GetInt64(), row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble()));
        }

        return buckets;
    }

    /// <summary>
    /// Waits until the cache has been written to TSM files (no WAL segment holds data), every shard is
    /// down to one TSM file, no compaction is writing (.tmp files) and the data folder has not changed
    /// size for 3 s, then counts data + WAL. This is the size the data keeps at rest.
    /// </summary>
    public async Task<DiskUse> MeasureDiskAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        var earliest = started + (long)(ColdFullCompaction.TotalMilliseconds + 2_000);
        var deadline = started + (long)_settleTimeout.TotalMilliseconds;
        var lastData = -1L;
        var stable = 0;
        while (Environment.TickCount64 < deadline)
        {
            await Task.Delay(1_000, cancellationToken);
            var wal = DirectorySize.Of(_server.WalFolder, "*.wal");
            var data = DirectorySize.Of(_server.DataFolder);
            var writing = DirectorySize.Of(_server.DataFolder, "*.tmp") > 0;
            stable = data == lastData && !writing && wal == 0 && FullyCompacted() ? stable + 1 : 0;
            lastData = data;
            if (stable >= 3 && Environment.TickCount64 >= earliest)
            {
                var seconds = (Environment.TickCount64 - started) / 1_000.0;
                var tsm = new DirectoryInfo(_server.DataFolder).GetFiles("*.tsm", SearchOption.AllDirectories);
                var shards = Directory.GetDirectories(Path.Combine(_server.DataFolder, Database, "autogen")).Length;
                var allocated = await DirectorySize.AllocatedAsync(_server.DataFolder, cancellationToken) + await DirectorySize.AllocatedAsync(_server.WalFolder, cancellationToken);
                return new DiskUse(allocated, string.Create(CultureInfo.InvariantCulture,
                    $"blocks allocated (du) to the data + wal folders once the cache was written to TSM and the shards fully compacted to one TSM file each, {seconds:0} s after the final write (the generated config lowers the cold durations to {ColdSnapshot.TotalSeconds:0} s and {ColdFullCompaction.TotalSeconds:0} s): {tsm.Length} TSM file(s) of {tsm.Sum(f => f.Length):N0} bytes in {shards} shards, WAL {DirectorySize.Of(_server.WalFolder):N0} bytes; the rest is the series file (sparse, preallocated: {data:N0} bytes apparent) and fields.idx; index-version inmem, so no index files"));
            }
        }

        var total = await DirectorySize.AllocatedAsync(_server.DataFolder, cancellationToken) + await DirectorySize.AllocatedAsync(_server.WalFolder, cancellationToken);
        return new DiskUse(total, string.Create(CultureInfo.InvariantCulture,
            $"blocks allocated (du) to the data + wal folders AS IS: compaction had not settled within {_settleTimeout.TotalSeconds:0} s (WAL {DirectorySize.Of(_server.WalFolder):N0} bytes)"));
    }

    // A full compaction leaves one TSM file per shard (files are split only beyond 2 GB).
    private bool FullyCompacted()
    {
        var shards = Path.Combine(_server.DataFolder, Database, "autogen");
        return Directory.Exists(shards) && Directory.GetDirectories(shards).All(shard => Directory.GetFiles(shard, "*.tsm").Length == 1);
    }

    // A fresh influxd is started per run, so its lifetime peak is the peak of start-up and ingest.
    public void ResetPeakMemory()
    {
    }

    public long PeakMemoryBytes() => ProcessMemory.PeakResidentBytes(_server.ProcessId);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private void EndLine()
    {
        _body.Write(" "u8);
        var span = _body.GetSpan(24);
        _openTimestamp.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        span[written++] = (byte)'\n';
        _body.Advance(written);
        _lines++;
    }

    private void WriteValue(double value, bool integer)
    {
        var span = _body.GetSpan(32);
        int written;
        if (integer)
        {
            ((long)value).TryFormat(span, out written, default, CultureInfo.InvariantCulture);
            span[written++] = (byte)'i';
        }
        else
        {
            // The shortest text that reads back as the same double: 230.1, not 230.09999999999999.
            value.TryFormat(span, out written, default, CultureInfo.InvariantCulture);
        }

        _body.Advance(written);
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        HttpContent content;
        if (_gzip)
        {
            var compressed = new MemoryStream();
            await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync(_body.WrittenMemory, cancellationToken);
            }

            content = new ByteArrayContent(compressed.GetBuffer(), 0, (int)compressed.Length);
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ReadOnlyMemoryContent(_body.WrittenMemory);
        }

        using (content)
        {
            content.Headers.ContentType = new("text/plain") { CharSet = "utf-8" };
            using var response = await _http.PostAsync($"/write?db={Database}&precision=ms", content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"InfluxDB refused a write ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        _body.ResetWrittenCount();
        _lines = 0;
    }

    private async Task<JsonDocument> RunQueryAsync(string query, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent([new("q", query)]);
        using var response = await _http.PostAsync($"/query?db={Database}&epoch=ms", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var document = JsonDocument.Parse(body);
        if (!response.IsSuccessStatusCode || document.RootElement.TryGetProperty("error", out _)
            || (document.RootElement.TryGetProperty("results", out var results) && results[0].TryGetProperty("error", out _)))
        {
            document.Dispose();
            throw new InvalidOperationException($"InfluxDB query failed ({(int)response.StatusCode}): {body}\nquery: {query}");
        }

        return document;
    }
}
