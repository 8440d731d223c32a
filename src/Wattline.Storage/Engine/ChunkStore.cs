using System.Buffers.Binary;
using System.Globalization;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// Encoded chunks on disk, in append-only files per partition, tier and period
/// (<c>{partition}/{tier}/{yyyy-MM-dd}.chunks</c> for raw points, monthly files for minute rollups, yearly
/// ones for the coarser tiers), so that retention removes whole files. Each entry is a 36-byte header
/// (magic, series, length, first and last timestamp, count, CRC-32C of the header) followed by the chunk,
/// which carries its own checksum. The index is rebuilt from the headers when the store opens.
/// </summary>
public sealed class ChunkStore : IDisposable
{
    private const uint Magic = 0x31434C57; // "WLC1"
    private const int HeaderBytes = 36;
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
    public long RemoveSeries(IReadOnlySet<int> seriesIds)
    {
        long freed = 0;
        lock (_lock)
        {
            var files = _index.Where(e => seriesIds.Contains(e.Key.SeriesId)).SelectMany(e => e.Value).Select(c => c.File).Distinct().ToList();
            foreach (var file in files)
            {
                freed += Rewrite(file, seriesIds);
            }

            foreach (var key in _index.Keys.Where(k => seriesIds.Contains(k.SeriesId)).ToList())
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

        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], key.SeriesId);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], chunk.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], minTimestampMs);
        BinaryPrimitives.WriteInt64LittleEndian(header[20..], maxTimestampMs);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], Crc32C.Compute(header[..32]));
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

    /// <summary>Bytes on disk of a partition (a home), all tiers.</summary>
    public long SizeOf(string partition)
    {
        ValidatePartition(partition);
        var folder = Path.Combine(_folder, partition);
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

    private (int Chunks, long TornBytes, WalDamage? Damage) IndexFile(string path)
    {
        var relative = Path.GetRelativePath(_folder, path).Split(Path.DirectorySeparatorChar);
        if (relative.Length != 3 || !Enum.TryParse<Tier>(relative[1], ignoreCase: true, out var tier))
        {
            return (0, 0, null);
        }

        var partition = relative[0];
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> header = stackalloc byte[HeaderBytes];
        long offset = 0;
        var chunks = 0;
        while (offset < file.Length)
        {
            var rest = file.Length - offset;
            file.Seek(offset, SeekOrigin.Begin);
            if (rest < HeaderBytes)
            {
                file.SetLength(offset);
                return (chunks, rest, null);
            }

            file.ReadExactly(header);
            var valid = BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic
                && BinaryPrimitives.ReadUInt32LittleEndian(header[32..]) == Crc32C.Compute(header[..32]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (!valid || length <= 0)
            {
                // A header the crash cut short reads as garbage only at the very end; anywhere else it is damage.
                return (chunks, 0, SetAside(file, path, offset, rest, "chunk header checksum mismatch"));
            }

            if (rest - HeaderBytes < length)
            {
                file.SetLength(offset);
                return (chunks, rest, null);
            }

            Insert(
                (partition, tier, BinaryPrimitives.ReadInt32LittleEndian(header[4..])),
                new ChunkRef(
                    path,
                    offset + HeaderBytes,
                    length,
                    BinaryPrimitives.ReadInt64LittleEndian(header[12..]),
                    BinaryPrimitives.ReadInt64LittleEndian(header[20..]),
                    BinaryPrimitives.ReadInt32LittleEndian(header[28..])));
            chunks++;
            offset += HeaderBytes + length;
        }

        return (chunks, 0, null);
    }

    private WalDamage SetAside(FileStream file, string path, long offset, long rest, string reason)
    {
        var damaged = Path.Combine(_folder, "damaged");
        Directory.CreateDirectory(damaged);
        var bytes = new byte[rest];
        file.Seek(offset, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        File.WriteAllBytes(Path.Combine(damaged, Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '_') + "." + offset), bytes);
        file.SetLength(offset);
        file.Flush(flushToDisk: true);
        return new WalDamage(Path.GetRelativePath(_folder, path), offset, rest, reason);
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
            var oldest = _open.Keys.First(p => !_dirty.Contains(p));
            _open.Remove(oldest, out var closing);
            closing!.Dispose();
        }

        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
        _open[path] = stream;
        return stream;
    }

    // Copies the entries of other series into the file's next generation, then swaps it in.
    private long Rewrite(string file, IReadOnlySet<int> removed)
    {
        if (_open.Remove(file, out var stream))
        {
            stream.Flush(flushToDisk: true);
            stream.Dispose();
        }

        _dirty.Remove(file);
        var bytes = File.ReadAllBytes(file);
        var name = Path.GetFileNameWithoutExtension(file).Split('.');
        var generation = name.Length > 1 && int.TryParse(name[1], CultureInfo.InvariantCulture, out var g) ? g + 1 : 1;
        var next = Path.Combine(Path.GetDirectoryName(file)!, $"{name[0]}.{generation}{Extension}");
        var temporary = next + ".tmp";
        var kept = new List<(long OldOffset, int Length, int SeriesId)>();
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            long offset = 0;
            while (offset + HeaderBytes <= bytes.Length)
            {
                var seriesId = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)offset + 4));
                var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)offset + 8));
                if (!removed.Contains(seriesId))
                {
                    output.Write(bytes.AsSpan((int)offset, HeaderBytes + length));
                    kept.Add((offset, length, seriesId));
                }

                offset += HeaderBytes + length;
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, next);
        DirectorySync.Flush(Path.GetDirectoryName(file)!);
        File.Delete(file);
        DirectorySync.Flush(Path.GetDirectoryName(file)!);

        // Re-point the index: entries of the old file move to their new offsets; removed series drop out.
        long newOffset = 0;
        var moved = new Dictionary<long, long>();
        foreach (var (oldOffset, length, _) in kept)
        {
            moved[oldOffset + HeaderBytes] = newOffset + HeaderBytes;
            newOffset += HeaderBytes + length;
        }

        foreach (var chunks in _index.Values)
        {
            for (var i = chunks.Count - 1; i >= 0; i--)
            {
                if (chunks[i].File == file)
                {
                    if (moved.TryGetValue(chunks[i].Offset, out var at))
                    {
                        chunks[i] = chunks[i] with { File = next, Offset = at };
                    }
                    else
                    {
                        chunks.RemoveAt(i);
                    }
                }
            }
        }

        _current[CurrentKey(file)] = next;
        return bytes.Length - newOffset;
    }

    // A crash during a rewrite leaves a .tmp file (never complete: drop it) or two generations of a period
    // (the newer one was complete before it got its name: keep it).
    private static void SettleRewrites(string folder)
    {
        foreach (var temporary in Directory.EnumerateFiles(folder, "*" + Extension + ".tmp", SearchOption.AllDirectories).ToList())
        {
            File.Delete(temporary);
        }

        var files = Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories).ToList();
        foreach (var period in files.GroupBy(CurrentKey).Where(g => g.Count() > 1))
        {
            foreach (var older in period.OrderByDescending(Generation).Skip(1))
            {
                File.Delete(older);
            }
        }
    }

    private static int Generation(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).Split('.');
        return name.Length > 1 && int.TryParse(name[1], CultureInfo.InvariantCulture, out var g) ? g : 0;
    }

    // A period's identity, whatever its generation: the folder and the period part of the name.
    private static string CurrentKey(string file) =>
        Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file).Split('.')[0]);

    private string PathOf(string partition, Tier tier, long minTimestampMs)
    {
        var day = DateTimeOffset.FromUnixTimeMilliseconds(minTimestampMs).UtcDateTime;
        var period = tier switch
        {
            Tier.Raw => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Tier.Minute => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            _ => day.ToString("yyyy", CultureInfo.InvariantCulture),
        };
        return Path.Combine(_folder, partition, TierFolder(tier), period + Extension);
    }

    private static long? PeriodEnd(Tier tier, string period)
    {
        var formats = tier switch
        {
            Tier.Raw => "yyyy-MM-dd",
            Tier.Minute => "yyyy-MM",
            _ => "yyyy",
        };
        if (!DateTime.TryParseExact(period, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            return null;
        }

        var end = tier switch
        {
            Tier.Raw => start.AddDays(1),
            Tier.Minute => start.AddMonths(1),
            _ => start.AddYears(1),
        };
        return new DateTimeOffset(end, TimeSpan.Zero).ToUnixTimeMilliseconds();
    }

    private static string TierFolder(Tier tier) => tier.ToString().ToLowerInvariant();

    private static void ValidatePartition(string partition)
    {
        if (partition.Length is 0 or > 64 || partition.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) || partition == "damaged")
        {
            throw new ArgumentException($"'{partition}' is not a partition name: 1 to 64 letters, digits, '-' or '_'.", nameof(partition));
        }
    }
}
