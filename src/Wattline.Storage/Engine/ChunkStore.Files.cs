using System.Globalization;

namespace Wattline.Storage.Engine;

/// <summary>The chunk files themselves: indexing them on open, rewriting them without removed series, naming them by period.</summary>
public sealed partial class ChunkStore
{
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
            if (ChunkEntryHeader.Read(header) is not { } entry)
            {
                // A header the crash cut short reads as garbage only at the very end; anywhere else it is damage.
                file.Dispose();
                DamagedData.SetAsideTail(_folder, path, offset, Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '_') + "." + offset);
                return (chunks, 0, new WalDamage(Path.GetRelativePath(_folder, path), offset, rest, "chunk header checksum mismatch"));
            }

            if (rest - HeaderBytes < entry.Length)
            {
                file.SetLength(offset);
                return (chunks, rest, null);
            }

            Insert((partition, tier, entry.SeriesId), new ChunkRef(FileIdOf(path), offset + HeaderBytes, entry.Length, entry.MinTimestampMs, entry.MaxTimestampMs, entry.Count));
            chunks++;
            offset += HeaderBytes + entry.Length;
        }

        return (chunks, 0, null);
    }

    // Copies the entries of other series into the file's next generation, then swaps it in.
    private long Rewrite(string file, IReadOnlySet<int> removed)
    {
        if (_open.Remove(file, out var stream))
        {
            stream.FlushToDisk();
            stream.Dispose();
        }

        _dirty.Remove(file);
        var bytes = File.ReadAllBytes(file);
        var next = NextGeneration(file);
        var temporary = next + ".tmp";
        var kept = new List<(long OldOffset, int Length, int SeriesId)>();
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            long offset = 0;
            while (offset + HeaderBytes <= bytes.Length)
            {
                // The file was checked entry by entry when the store opened; appends since wrote valid headers.
                var (seriesId, length, _, _, _) = ChunkEntryHeader.Read(bytes.AsSpan((int)offset, HeaderBytes))!.Value;
                if (!removed.Contains(seriesId))
                {
                    output.Write(bytes.AsSpan((int)offset, HeaderBytes + length));
                    kept.Add((offset, length, seriesId));
                }

                offset += HeaderBytes + length;
            }

            output.Flush(flushToDisk: true);
        }

        if (kept.Count == 0)
        {
            // Nothing left in the period: no empty generation is kept.
            File.Delete(temporary);
            File.Delete(file);
            DirectorySync.Flush(Path.GetDirectoryName(file)!);
            var gone = FileIdOf(file);
            foreach (var chunks in _index.Values)
            {
                chunks.RemoveAll(c => c.FileId == gone);
            }

            _current.Remove(CurrentKey(file));
            return bytes.Length;
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

        var (oldId, nextId) = (FileIdOf(file), FileIdOf(next));
        foreach (var chunks in _index.Values)
        {
            for (var i = chunks.Count - 1; i >= 0; i--)
            {
                if (chunks[i].FileId == oldId)
                {
                    if (moved.TryGetValue(chunks[i].Offset, out var at))
                    {
                        chunks[i] = chunks[i] with { FileId = nextId, Offset = at };
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
        var period = DateTimeOffset.FromUnixTimeMilliseconds(minTimestampMs).UtcDateTime.ToString(PeriodFormat(tier), CultureInfo.InvariantCulture);
        return Path.Combine(_folder, partition, TierFolder(tier), period + Extension);
    }

    /// <summary>End (exclusive) of the period of the file that holds a chunk of <paramref name="tier"/> starting at <paramref name="timestampMs"/>.</summary>
    public static long PeriodEnd(Tier tier, long timestampMs)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs).UtcDateTime;
        if (at.Year == 9999)
        {
            return long.MaxValue;
        }

        var end = tier switch
        {
            Tier.Raw => at.Date.AddDays(1),
            Tier.Minute => new DateTime(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1),
            _ => new DateTime(at.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        return new DateTimeOffset(end, TimeSpan.Zero).ToUnixTimeMilliseconds();
    }

    // The end of the period a file is named after ("2026-11-23", "2026-11", "2026"), or null for another name.
    private static long? PeriodEnd(Tier tier, string period)
    {
        return DateTime.TryParseExact(period, PeriodFormat(tier), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            ? PeriodEnd(tier, new DateTimeOffset(start, TimeSpan.Zero).ToUnixTimeMilliseconds())
            : null;
    }

    // Raw files hold a day, minute files a month, coarser ones a year.
    private static string PeriodFormat(Tier tier) => tier switch
    {
        Tier.Raw => "yyyy-MM-dd",
        Tier.Minute => "yyyy-MM",
        _ => "yyyy",
    };

    private static string TierFolder(Tier tier) => tier.ToString().ToLowerInvariant();
}
