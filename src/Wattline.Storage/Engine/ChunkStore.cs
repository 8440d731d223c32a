namespace Wattline.Storage.Engine;

/// <summary>
/// Encoded chunks on disk, in append-only files per partition, tier and period
/// (<c>{partition}/{tier}/{yyyy-MM-dd}.chunks</c> for raw points, monthly files for minute rollups, yearly
/// ones for the coarser tiers), so that retention removes whole files. Each entry is a 36-byte header
/// (magic, series, length, first and last timestamp, count, CRC-32C of the header) followed by the chunk,
/// which carries its own checksum. The index is rebuilt from the headers when the store opens.
/// </summary>
public sealed partial class ChunkStore : IDisposable
{
    private const int HeaderBytes = ChunkEntryHeader.Size;
    private const string Extension = ".chunks";

    private readonly string _folder;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Partition, Tier Tier, int SeriesId), List<ChunkRef>> _index = [];
    private readonly Dictionary<string, FileStream> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newFolders = new(StringComparer.Ordinal);

    // The file each period writes to now: "2026-11-23.chunks", or "2026-11-23.3.chunks" after rewrites.
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);

    private ChunkStore(string folder) => _folder = folder;

    public ChunkStoreRecovery Recovery { get; private set; } = new(0, 0, []);

    /// <summary>Opens the store, indexing every chunk; torn tails are cut off and damage is set aside and reported.</summary>
    public static ChunkStore Open(string folder)
    {
        Directory.CreateDirectory(folder);
        var store = new ChunkStore(folder);
        SettleRewrites(folder);
        var chunks = 0;
        long torn = 0;
        var damage = new List<WalDamage>();
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var (count, tail, damaged) = store.IndexFile(file);
            chunks += count;
            torn += tail;
            if (damaged is not null)
            {
                damage.Add(damaged);
            }

            store._current[CurrentKey(file)] = file;
        }

        store.Recovery = new ChunkStoreRecovery(chunks, torn, damage);
        return store;
    }

    /// <summary>
    /// Removes every chunk of the given series from disk (a device deleted or released: its readings must
    /// not stay in the files). Each affected file is rewritten without them under a new generation name,
    /// made durable, and only then is the old file deleted. Returns the bytes freed.
    /// </summary>
    public long RemoveSeries(IReadOnlySet<int> seriesIds, string? partition = null)
    {
        long freed = 0;
        lock (_lock)
        {
            bool Matches((string Partition, Tier Tier, int SeriesId) key) => seriesIds.Contains(key.SeriesId) && (partition is null || key.Partition == partition);
            var files = _index.Where(e => Matches(e.Key)).SelectMany(e => e.Value).Select(c => c.File).Distinct().ToList();
            foreach (var file in files)
            {
                freed += Rewrite(file, seriesIds);
            }

            foreach (var key in _index.Keys.Where(Matches).ToList())
            {
                _index.Remove(key);
            }
        }

        return freed;
    }

    /// <summary>Appends a chunk (durable after the next <see cref="Sync"/>) and indexes it.</summary>
    public ChunkRef Append(ChunkKey key, long minTimestampMs, long maxTimestampMs, int count, ReadOnlySpan<byte> chunk)
    {
        ValidatePartition(key.Partition);
        if (chunk.Length == 0 || count <= 0 || maxTimestampMs < minTimestampMs)
        {
            throw new ArgumentException("A chunk has bytes, points, and its last timestamp not before its first.");
        }

        // Every version of a timestamp then lies in one file, where later entries are later writes.
        if (maxTimestampMs >= PeriodEnd(key.Tier, minTimestampMs))
        {
            throw new ArgumentException("A chunk lies inside one file's period; split it at PeriodEnd.");
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        new ChunkEntryHeader(key.SeriesId, chunk.Length, minTimestampMs, maxTimestampMs, count).Write(header);
        lock (_lock)
        {
            var basePath = PathOf(key.Partition, key.Tier, minTimestampMs);
            var path = _current.GetValueOrDefault(CurrentKey(basePath), basePath);
            var stream = StreamFor(path);
            var offset = stream.Length;
            stream.Seek(0, SeekOrigin.End);
            stream.Write(header);
            stream.Write(chunk);
            _dirty.Add(path);
            var reference = new ChunkRef(path, offset + HeaderBytes, chunk.Length, minTimestampMs, maxTimestampMs, count);
            Insert((key.Partition, key.Tier, key.SeriesId), reference);
            return reference;
        }
    }

    /// <summary>Makes every chunk appended so far durable (file data, and the entries of new files and folders).</summary>
    public void Sync()
    {
        lock (_lock)
        {
            foreach (var path in _dirty)
            {
                _open[path].Flush(flushToDisk: true);
            }

            foreach (var folder in _newFolders.OrderByDescending(f => f.Length))
            {
                DirectorySync.Flush(folder);
            }

            _dirty.Clear();
            _newFolders.Clear();
        }
    }

    /// <summary>Chunks of a series and tier that overlap <c>[fromMs, toMs)</c>, oldest first.</summary>
    public IReadOnlyList<ChunkRef> Find(ChunkKey key, long fromMs, long toMs)
    {
        lock (_lock)
        {
            return _index.TryGetValue((key.Partition, key.Tier, key.SeriesId), out var chunks)
                ? chunks.Where(c => c.MaxTimestampMs >= fromMs && c.MinTimestampMs < toMs).ToList()
                : [];
        }
    }

    /// <summary>The bytes of a chunk, as appended (the chunk's own checksum is checked when it is decoded).</summary>
    public byte[] Read(ChunkRef chunk)
    {
        var bytes = new byte[chunk.Length];
        lock (_lock)
        {
            if (_open.TryGetValue(chunk.File, out var writing))
            {
                writing.Flush();
            }
        }

        FileStream file;
        try
        {
            file = new FileStream(chunk.File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException e)
        {
            throw new ChunkMovedException(chunk.File, e);
        }

        using var _ = file;
        file.Seek(chunk.Offset, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Bytes of chunks (with their entry headers) per series and tier in a partition.</summary>
    public IReadOnlyDictionary<(int SeriesId, Tier Tier), long> UsageOf(string partition)
    {
        lock (_lock)
        {
            return _index.Where(e => e.Key.Partition == partition && e.Value.Count > 0)
                .ToDictionary(e => (e.Key.SeriesId, e.Key.Tier), e => e.Value.Sum(c => (long)c.Length + HeaderBytes));
        }
    }

    /// <summary>Bytes on disk of a partition (a home), of one tier or all.</summary>
    public long SizeOf(string partition, Tier? tier = null)
    {
        ValidatePartition(partition);
        var folder = tier is { } only ? Path.Combine(_folder, partition, TierFolder(only)) : Path.Combine(_folder, partition);
        lock (_lock)
        {
            return Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
                : 0;
        }
    }

    /// <summary>
    /// Retention: deletes the files of a partition's tier whose whole period ends at or before <paramref name="cutoffMs"/>,
    /// and returns the bytes freed. Chunks in a file that also holds later points stay until that file ages out.
    /// </summary>
    public long DeleteBefore(string partition, Tier tier, long cutoffMs)
    {
        ValidatePartition(partition);
        var folder = Path.Combine(_folder, partition, TierFolder(tier));
        long freed = 0;
        lock (_lock)
        {
            if (!Directory.Exists(folder))
            {
                return 0;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension).ToList())
            {
                if (PeriodEnd(tier, Path.GetFileNameWithoutExtension(file).Split('.')[0]) is { } end && end <= cutoffMs)
                {
                    if (_open.Remove(file, out var stream))
                    {
                        stream.Dispose();
                    }

                    _dirty.Remove(file);
                    _current.Remove(CurrentKey(file));
                    freed += new FileInfo(file).Length;
                    File.Delete(file);
                    foreach (var chunks in _index.Where(e => e.Key.Partition == partition && e.Key.Tier == tier).Select(e => e.Value))
                    {
                        chunks.RemoveAll(c => c.File == file);
                    }
                }
            }

            DirectorySync.Flush(folder);
        }

        return freed;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var stream in _open.Values)
            {
                stream.Dispose();
            }

            _open.Clear();
        }
    }

    private void Insert((string Partition, Tier Tier, int SeriesId) key, ChunkRef chunk)
    {
        if (!_index.TryGetValue(key, out var chunks))
        {
            _index[key] = chunks = [];
        }

        var at = chunks.FindLastIndex(c => c.MinTimestampMs <= chunk.MinTimestampMs) + 1;
        chunks.Insert(at, chunk);
    }

    private FileStream StreamFor(string path)
    {
        if (_open.TryGetValue(path, out var stream))
        {
            return stream;
        }

        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            _newFolders.Add(folder);
            _newFolders.Add(Path.GetDirectoryName(folder)!);
            _newFolders.Add(_folder);
        }

        if (!File.Exists(path))
        {
            _newFolders.Add(folder);
        }

        // Few files take writes at once (today's raw files); the oldest handle is closed beyond a bound.
        if (_open.Count >= 256)
        {
            // A write spread over many periods (a long late upload) can leave every handle dirty: that one is
            // made durable before it closes, as Sync would have done.
            var oldest = _open.Keys.FirstOrDefault(p => !_dirty.Contains(p)) ?? _open.Keys.First();
            _open.Remove(oldest, out var closing);
            if (_dirty.Remove(oldest))
            {
                closing!.Flush(flushToDisk: true);
            }

            closing!.Dispose();
        }

        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
        _open[path] = stream;
        return stream;
    }

    internal static void ValidatePartition(string partition)
    {
        if (partition.Length is 0 or > 64 || partition.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) || partition == DamagedData.Folder)
        {
            throw new ArgumentException($"'{partition}' is not a partition name: 1 to 64 letters, digits, '-' or '_'.", nameof(partition));
        }
    }
}
