namespace Wattline.Storage.Engine;

/// <summary>
/// Compaction: a file whose period is over and that holds series in many small chunks (a checkpoint every
/// 15 minutes cuts a 10-second series into chunks of 90 points) is rewritten with each such series' chunks
/// merged. The merge runs outside the lock on what the file held when it began; chunks appended meanwhile
/// (late data) are copied over as they are before the new file takes its place. The old file stays readable
/// for queries that already found chunks in it until <see cref="DeleteRetired"/> runs at a later checkpoint.
/// </summary>
public sealed partial class ChunkStore
{
    private readonly List<string> _retired = [];
    private readonly List<string> _retiring = [];

    /// <summary>One replacement chunk: its span, point count and encoded bytes.</summary>
    public readonly record struct MergedChunk(long MinTimestampMs, long MaxTimestampMs, int Count, byte[] Bytes);

    /// <summary>
    /// Files of a tier whose period ended at or before <paramref name="beforeMs"/> in which some series has two
    /// or more chunks averaging fewer than <paramref name="smallChunkPoints"/> points.
    /// </summary>
    public IReadOnlyList<string> FilesToCompact(Tier tier, long beforeMs, int smallChunkPoints)
    {
        lock (_lock)
        {
            return _index.Where(e => e.Key.Tier == tier)
                .SelectMany(e => e.Value.GroupBy(c => c.FileId))
                .Where(g => g.Count() >= 2 && g.Average(c => c.Count) < smallChunkPoints)
                .Select(g => g.Key)
                .Distinct()
                .Select(PathOf)
                .Where(f => PeriodEnd(tier, Path.GetFileNameWithoutExtension(f).Split('.')[0]) is { } end && end <= beforeMs)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>
    /// Rewrites <paramref name="file"/>, replacing the chunks of each series that has more than one by what
    /// <paramref name="merge"/> returns for them (given in the order they were written). Returns the bytes saved.
    /// </summary>
    public long Compact(string file, Func<int, IReadOnlyList<byte[]>, IReadOnlyList<MergedChunk>> merge)
    {
        long snapshot;
        string key;
        lock (_lock)
        {
            if (!File.Exists(file) || _retired.Contains(file) || _retiring.Contains(file))
            {
                return 0;
            }

            if (_open.TryGetValue(file, out var writing))
            {
                writing.FlushToDisk();
            }

            _dirty.Remove(file);
            snapshot = new FileInfo(file).Length;
            key = CurrentKey(file);
        }

        var entries = ReadEntries(file, 0, snapshot);
        var next = NextGeneration(file);
        var temporary = next + ".tmp";
        var written = new List<(int SeriesId, long Offset, ChunkEntryHeader Header)>();
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            foreach (var series in entries.GroupBy(e => e.Header.SeriesId))
            {
                IEnumerable<(ChunkEntryHeader Header, byte[] Bytes)> chunks = series.Count() < 2
                    ? series.Select(e => (e.Header, e.Bytes))
                    : merge(series.Key, series.Select(e => e.Bytes).ToList())
                        .Select(m => (new ChunkEntryHeader(series.Key, m.Bytes.Length, m.MinTimestampMs, m.MaxTimestampMs, m.Count), m.Bytes));
                foreach (var (header, bytes) in chunks)
                {
                    written.Add((series.Key, output.Position, header));
                    WriteEntry(output, header, bytes);
                }
            }

            lock (_lock)
            {
                // What was appended while the merge ran goes over unchanged, then the new file takes the old one's place.
                if (_open.Remove(file, out var stream))
                {
                    stream.FlushToDisk();
                    stream.Dispose();
                }

                _dirty.Remove(file);
                foreach (var (_, header, bytes) in ReadEntries(file, snapshot, new FileInfo(file).Length))
                {
                    written.Add((header.SeriesId, output.Position, header));
                    WriteEntry(output, header, bytes);
                }

                output.Flush(flushToDisk: true);
                output.Dispose();
                File.Move(temporary, next);
                DirectorySync.Flush(Path.GetDirectoryName(file)!);
                var (oldId, nextId) = (FileIdOf(file), FileIdOf(next));
                foreach (var chunks in _index.Values)
                {
                    chunks.RemoveAll(c => c.FileId == oldId);
                }

                var (partition, tier) = PartitionAndTier(file);
                foreach (var (seriesId, offset, header) in written)
                {
                    Insert((partition, tier, seriesId), new ChunkRef(nextId, offset + HeaderBytes, header.Length, header.MinTimestampMs, header.MaxTimestampMs, header.Count));
                }

                _current[key] = next;
                _retiring.Add(file);
                return new FileInfo(file).Length - new FileInfo(next).Length;
            }
        }
    }

    /// <summary>
    /// Deletes the files compaction replaced before the previous call; those replaced since stay one more round
    /// for queries that found chunks in them just before.
    /// </summary>
    public void DeleteRetired()
    {
        lock (_lock)
        {
            foreach (var file in _retired)
            {
                File.Delete(file);
            }

            _retired.Clear();
            _retired.AddRange(_retiring);
            _retiring.Clear();
        }
    }

    private static List<(long Offset, ChunkEntryHeader Header, byte[] Bytes)> ReadEntries(string file, long from, long to)
    {
        var entries = new List<(long, ChunkEntryHeader, byte[])>();
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[HeaderBytes];
        var offset = from;
        while (offset + HeaderBytes <= to)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            stream.ReadExactly(header);

            // The file was checked entry by entry when the store opened; appends since wrote valid headers.
            var entry = ChunkEntryHeader.Read(header) ?? throw new InvalidDataException($"A chunk entry header in {file} at {offset} is damaged.");
            var bytes = new byte[entry.Length];
            stream.ReadExactly(bytes);
            entries.Add((offset, entry, bytes));
            offset += HeaderBytes + entry.Length;
        }

        return entries;
    }

    private static void WriteEntry(FileStream output, ChunkEntryHeader header, byte[] bytes)
    {
        Span<byte> encoded = stackalloc byte[HeaderBytes];
        header.Write(encoded);
        output.Write(encoded);
        output.Write(bytes);
    }

    private (string Partition, Tier Tier) PartitionAndTier(string file)
    {
        var relative = Path.GetRelativePath(_folder, file).Split(Path.DirectorySeparatorChar);
        return (relative[0], Enum.Parse<Tier>(relative[1], ignoreCase: true));
    }

    private static string NextGeneration(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).Split('.');
        return Path.Combine(Path.GetDirectoryName(file)!, $"{name[0]}.{Generation(file) + 1}{Extension}");
    }
}
