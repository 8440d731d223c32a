using System.Buffers.Binary;
using System.Globalization;
using System.Threading.Channels;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// An append-only log of opaque records that makes writes durable before they are acknowledged.
/// <para>
/// Each record is framed as <c>[length u32 LE][CRC-32C of the payload u32 LE][payload]</c> in numbered
/// segment files (<c>00000001.wal</c>, …). Appends from many callers share one <c>fsync</c> (group commit):
/// <see cref="AppendAsync"/> completes only after the record and every record before it are on disk
/// (file data with <c>fsync</c>; a new segment's directory entry with an <c>fsync</c> of the folder).
/// </para>
/// </summary>
public sealed class WriteAheadLog : IAsyncDisposable
{
    private const int FrameBytes = 8;
    private const string Extension = ".wal";

    private readonly string _folder;
    private readonly WalOptions _options;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private FileStream _segment;
    private long _segmentId;
    private long _commits;

    private WriteAheadLog(string folder, WalOptions options, long segmentId, FileStream segment)
    {
        _folder = folder;
        _options = options;
        _segmentId = segmentId;
        _segment = segment;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Number of fsyncs so far (fewer than appends when appends arrive together).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>The segment new records go to.</summary>
    public long CurrentSegment => Interlocked.Read(ref _segmentId);

    /// <summary>Why the last commit failed, or null. After a failure every append fails: the store must be reopened.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the log in <paramref name="folder"/>, reading every record back for replay.
    /// A torn tail is cut off; after a corrupt record the rest is discarded and reported. New records go
    /// to a fresh segment, so a damaged one is never appended to.
    /// </summary>
    public static (WriteAheadLog Log, WalRecovery Recovery) Open(string folder, WalOptions? options = null)
    {
        options ??= new WalOptions();
        Directory.CreateDirectory(folder);
        var records = new List<byte[]>();
        long torn = 0;
        WalDamage? corruption = null;
        var segments = Segments(folder);
        for (var i = 0; i < segments.Count && corruption is null; i++)
        {
            var (tail, damage) = ReadSegment(segments[i].Path, options, records);
            torn += tail;
            if (damage is not null)
            {
                // Nothing after damage can be trusted, and later segments were written after it: all of it is
                // set aside in damaged/ for inspection, never replayed.
                var later = segments.Skip(i + 1).ToList();
                foreach (var segment in later)
                {
                    DamagedData.SetAsideFile(folder, segment.Path);
                }

                corruption = damage with { DiscardedBytes = damage.DiscardedBytes + later.Sum(s => new FileInfo(Path.Combine(folder, DamagedData.Folder, Path.GetFileName(s.Path))).Length) };
            }
        }

        var next = segments.Count == 0 ? 1 : segments[^1].Id + 1;
        var stream = CreateSegment(folder, next);
        return (new WriteAheadLog(folder, options, next, stream), new WalRecovery(records, torn, corruption));
    }

    /// <summary>Appends a record; completes once it is durable. Records are replayed in completion order.</summary>
    public Task AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (payload.Length == 0 || payload.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), $"A record has 1 to {_options.MaxRecordBytes} bytes.");
        }

        if (Failure is { } failure)
        {
            return Task.FromException(new IOException("The write-ahead log failed earlier; reopen the store.", failure));
        }

        var pending = new Pending(payload, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            return Task.FromException(new ObjectDisposedException(nameof(WriteAheadLog)));
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Starts a new segment and returns its id. Everything appended before the call is in older segments,
    /// which <see cref="DeleteSegmentsBefore"/> may remove once their records are stored elsewhere.
    /// </summary>
    public async Task<long> RotateAsync(CancellationToken cancellationToken = default)
    {
        var rotation = new Pending(ReadOnlyMemory<byte>.Empty, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _pending.Writer.WriteAsync(rotation, cancellationToken);
        await rotation.Done.Task.WaitAsync(cancellationToken);
        return CurrentSegment;
    }

    /// <summary>Deletes the segments older than <paramref name="segmentId"/> (a checkpoint made their records redundant).</summary>
    public void DeleteSegmentsBefore(long segmentId)
    {
        foreach (var segment in Segments(_folder).Where(s => s.Id < segmentId))
        {
            File.Delete(segment.Path);
        }

        DirectorySync.Flush(_folder);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        await _segment.DisposeAsync();
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<Pending>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            long bytes = 0;
            while (bytes < _options.MaxGroupBytes && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
                bytes += next.Payload.Length + FrameBytes;
            }

            try
            {
                Commit(group);
                foreach (var pending in group)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failure = e;
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private void Commit(List<Pending> group)
    {
        if (Failure is { } failure)
        {
            throw new IOException("The write-ahead log failed earlier; reopen the store.", failure);
        }

        Span<byte> frame = stackalloc byte[FrameBytes];
        foreach (var pending in group)
        {
            if (pending.Payload.Length == 0 || _segment.Length >= _options.SegmentBytes)
            {
                // A rotation request (empty payload), or the segment is full: later records go to the next file.
                _segment.Flush(flushToDisk: true);
                _segment.Dispose();
                var id = Interlocked.Increment(ref _segmentId);
                _segment = CreateSegment(_folder, id);
                if (pending.Payload.Length == 0)
                {
                    continue;
                }
            }

            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)pending.Payload.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32C.Compute(pending.Payload.Span));
            _segment.Write(frame);
            _segment.Write(pending.Payload.Span);
        }

        _segment.Flush(flushToDisk: true);
        Interlocked.Increment(ref _commits);
    }

    private static FileStream CreateSegment(string folder, long id)
    {
        var path = Path.Combine(folder, id.ToString("D8", CultureInfo.InvariantCulture) + Extension);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        DirectorySync.Flush(folder);
        return stream;
    }

    // Reads every whole record of a segment. A short frame or payload at the very end is a torn tail and is
    // cut off; a checksum mismatch or an impossible length with more data after it is damage.
    private static (long TornBytes, WalDamage? Damage) ReadSegment(string path, WalOptions options, List<byte[]> records)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 0;
        while (offset < bytes.Length)
        {
            var rest = bytes.Length - offset;
            if (rest < FrameBytes)
            {
                return (Truncate(path, offset, rest), null);
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (length == 0 || length > options.MaxRecordBytes)
            {
                return (0, Damaged(path, offset, rest, $"impossible record length {length}"));
            }

            if (rest - FrameBytes < length)
            {
                return (Truncate(path, offset, rest), null);
            }

            var payload = bytes.AsSpan(offset + FrameBytes, (int)length);
            if (Crc32C.Compute(payload) != crc)
            {
                // The last record of a segment with a bad checksum is a write the crash interrupted
                // (its length reached the disk, not all of its bytes): torn, not corrupt.
                return offset + FrameBytes + length == bytes.Length
                    ? (Truncate(path, offset, rest), null)
                    : (0, Damaged(path, offset, rest, "checksum mismatch"));
            }

            records.Add(payload.ToArray());
            offset += FrameBytes + (int)length;
        }

        return (0, null);
    }

    private static WalDamage Damaged(string path, long offset, long rest, string reason)
    {
        DamagedData.SetAsideTail(Path.GetDirectoryName(path)!, path, offset, $"{Path.GetFileName(path)}.{offset}");
        return new WalDamage(Path.GetFileName(path), offset, rest, reason);
    }

    private static long Truncate(string path, long offset, long rest)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(offset);
        stream.Flush(flushToDisk: true);
        return rest;
    }

    private static List<(long Id, string Path)> Segments(string folder) =>
        Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(p => (Ok: long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var id), Id: id, Path: p))
            .Where(s => s.Ok)
            .Select(s => (s.Id, s.Path))
            .OrderBy(s => s.Id)
            .ToList();

    private sealed record Pending(ReadOnlyMemory<byte> Payload, TaskCompletionSource Done);
}
