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
    private readonly Dictionary<string, AppendFile> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newFolders = new(StringComparer.Ordinal);

    // The file each period writes to now: "2026-11-23.chunks", or "2026-11-23.3.chunks" after rewrites.
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);

    // Chunk references name their file by number; numbers grow as files appear, so a later generation of a file
    // has a larger one. The array is replaced, never changed in place, so readers index it without the lock.
    private readonly Dictionary<string, int> _fileIds = new(StringComparer.Ordinal);
    private string[] _paths = new string[64];

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
            var files = _index.Where(e => Matches(e.Key)).SelectMany(e => e.Value).Select(c => c.FileId).Distinct().Select(PathOf).ToList();
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
            var offset = StreamFor(path).Append(header, chunk);
            _dirty.Add(path);
            var reference = new ChunkRef(FileIdOf(path), offset + HeaderBytes, chunk.Length, minTimestampMs, maxTimestampMs, count);
            Insert((key.Partition, key.Tier, key.SeriesId), reference);
            return reference;
        }
    }

    /// <summary>
    /// Makes every chunk appended so far durable (file data, and the entries of new files and folders). The fsyncs
    /// run outside the store's lock, so reads and appends go on meanwhile; what is appended during them waits for
    /// the next call.
    /// </summary>
    public void Sync()
    {
        var files = new List<AppendFile>();
        List<string> folders;
        lock (_lock)
        {
            foreach (var path in _dirty)
            {
                files.Add(_open[path].Hold());
            }

            folders = _newFolders.OrderByDescending(f => f.Length).ToList();
            _dirty.Clear();
            _newFolders.Clear();
        }

        try
        {
            foreach (var file in files)
            {
                file.FlushToDisk();
            }

            foreach (var folder in folders)
            {
                DirectorySync.Flush(folder);
            }
        }
        catch
        {
            // Not known to be durable: the next call tries again.
            lock (_lock)
            {
                foreach (var file in files.Where(f => _open.ContainsValue(f)))
                {
                    _dirty.Add(file.Path);
                }

                _newFolders.UnionWith(folders);
            }

            throw;
        }
        finally
        {
            foreach (var file in files)
            {
                file.Release();
            }
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

    /// <summary>The file a chunk is in.</summary>
    public string PathOf(ChunkRef chunk) => PathOf(chunk.FileId);

    /// <summary>The bytes of a chunk, as appended (the chunk's own checksum is checked when it is decoded).</summary>
    public byte[] Read(ChunkRef chunk)
    {
        var path = PathOf(chunk);
        // Appends go straight to the file (no buffer in this process), so every indexed chunk is readable.
        var bytes = new byte[chunk.Length];
        // A positional read on a plain handle: no stream, no buffer of its own, nothing shared with other readers.
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException e)
        {
            throw new ChunkMovedException(path, e);
        }

        using (handle)
        {
            var read = 0;
            while (read < bytes.Length)
            {
                var got = RandomAccess.Read(handle, bytes.AsSpan(read), chunk.Offset + read);
                if (got == 0)
                {
                    throw new EndOfStreamException($"{path} ends inside a chunk at {chunk.Offset}.");
                }

                read += got;
            }
        }

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
                    var id = FileIdOf(file);
                    foreach (var chunks in _index.Where(e => e.Key.Partition == partition && e.Key.Tier == tier).Select(e => e.Value))
                    {
                        chunks.RemoveAll(c => c.FileId == id);
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

    private string PathOf(int fileId) => Volatile.Read(ref _paths)[fileId];

    // Caller holds the lock.
    private int FileIdOf(string path)
    {
        if (_fileIds.TryGetValue(path, out var id))
        {
            return id;
        }

        id = _fileIds.Count;
        var paths = _paths;
        if (id == paths.Length)
        {
            Array.Resize(ref paths, paths.Length * 2);
        }
        else
        {
            paths = (string[])paths.Clone();
        }

        paths[id] = path;
        Volatile.Write(ref _paths, paths);
        _fileIds[path] = id;
        return id;
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

    private AppendFile StreamFor(string path)
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
                closing!.FlushToDisk();
            }

            closing!.Dispose();
        }

        stream = new AppendFile(path);
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
