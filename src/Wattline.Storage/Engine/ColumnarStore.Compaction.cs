using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// Daily compaction of raw chunks: once a day's file is an hour past its end, series that reached it in small
/// chunks (one per checkpoint) are merged into chunks of <see cref="ColumnarStoreOptions.ChunkPoints"/>, which
/// compress better and take fewer entries to read. Runs after each timed checkpoint, a few files at a time.
/// </summary>
public sealed partial class ColumnarStore
{
    private const int FilesPerCompaction = 8;

    /// <summary>Compacts the raw files that need it (at most a few per call) and returns the bytes saved.</summary>
    public async Task<long> CompactAsync(CancellationToken cancellationToken = default)
    {
        var settled = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - 3_600_000;
        long saved = 0;
        await _maintenance.WaitAsync(cancellationToken);
        try
        {
            foreach (var file in _chunks.FilesToCompact(Tier.Raw, settled, _options.ChunkPoints / 2).Take(FilesPerCompaction))
            {
                try
                {
                    saved += _chunks.Compact(file, (_, chunks) => MergeRaw(chunks));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ChunkCorruptException)
                {
                    LogCompactionFailed(file, e);
                }
            }
        }
        finally
        {
            _maintenance.Release();
        }

        return saved;
    }

    private List<ChunkStore.MergedChunk> MergeRaw(IReadOnlyList<byte[]> chunks)
    {
        var (timestamps, values) = SeriesHead.Merge(chunks.Select(c => ChunkDecoder.Decode(c)));
        var merged = new List<ChunkStore.MergedChunk>();
        for (var at = 0; at < timestamps.Length; at += _options.ChunkPoints)
        {
            var count = Math.Min(_options.ChunkPoints, timestamps.Length - at);
            var bytes = ChunkEncoder.Encode(timestamps.AsSpan(at, count), values.AsSpan(at, count));
            merged.Add(new ChunkStore.MergedChunk(timestamps[at], timestamps[at + count - 1], count, bytes));
        }

        return merged;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Compacting {File} failed; it stays as it is and is served as before")]
    private partial void LogCompactionFailed(string file, Exception exception);
}
