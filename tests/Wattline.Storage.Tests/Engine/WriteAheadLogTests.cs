using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

public sealed class WriteAheadLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-wal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Reopen_AfterAppends_ReplaysEveryRecordInOrder()
    {
        var (log, first) = WriteAheadLog.Open(_folder);
        for (var i = 0; i < 100; i++)
        {
            await log.AppendAsync(Record(i));
        }

        await log.DisposeAsync();
        var (again, recovery) = WriteAheadLog.Open(_folder);
        await again.DisposeAsync();

        Assert.Empty(first.Records);
        Assert.Equal(Enumerable.Range(0, 100).Select(Text), recovery.Records.Select(Read));
        Assert.Equal((0, null), (recovery.TornTailBytes, recovery.Corruption));
    }

    [Fact]
    public async Task ConcurrentAppends_ShareFsyncsAndAllAreReplayed()
    {
        var (log, _) = WriteAheadLog.Open(_folder);
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => log.AppendAsync(Record(i)))));
        var commits = log.Commits;
        await log.DisposeAsync();

        var (again, recovery) = WriteAheadLog.Open(_folder);
        await again.DisposeAsync();

        Assert.True(commits < 2000, $"{commits} fsyncs for 2000 appends");
        Assert.Equal(Enumerable.Range(0, 2000).Select(Text).Order(), recovery.Records.Select(Read).Order());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(12)]
    public async Task TornTail_CutShortByACrash_CutOffAndEarlierRecordsKept(int tornBytes)
    {
        var (log, _) = WriteAheadLog.Open(_folder);
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync(Record(i));
        }

        await log.DisposeAsync();
        // The crash wrote only the first bytes of an eleventh record.
        var segment = Directory.GetFiles(_folder, "*.wal").Order().Last(f => new FileInfo(f).Length > 0);
        var full = await File.ReadAllBytesAsync(segment);
        var eleventh = full[..(8 + Record(10).Length)];
        eleventh[0] = (byte)Record(10).Length;
        await File.AppendAllBytesAsync(segment, eleventh[..tornBytes]);

        var (again, recovery) = WriteAheadLog.Open(_folder);
        await again.AppendAsync(Record(11));
        await again.DisposeAsync();
        var (third, afterMore) = WriteAheadLog.Open(_folder);
        await third.DisposeAsync();

        Assert.Equal(10, recovery.Records.Count);
        Assert.Equal(tornBytes, recovery.TornTailBytes);
        Assert.Null(recovery.Corruption);
        Assert.Equal(Enumerable.Range(0, 10).Append(11).Select(Text), afterMore.Records.Select(Read));
    }

    [Fact]
    public async Task FlippedByteInsideLog_ReportedAsCorruptionAndNothingAfterItReplayed()
    {
        var (log, _) = WriteAheadLog.Open(_folder);
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync(Record(i));
        }

        await log.RotateAsync();
        await log.AppendAsync(Record(10));
        await log.DisposeAsync();
        var segment = Directory.GetFiles(_folder, "*.wal").Order().First();
        var bytes = await File.ReadAllBytesAsync(segment);
        var fifth = 4 * (8 + Record(0).Length);
        bytes[fifth + 8 + 3] ^= 0x10;
        await File.WriteAllBytesAsync(segment, bytes);

        var (again, recovery) = WriteAheadLog.Open(_folder);
        await again.DisposeAsync();
        var (third, later) = WriteAheadLog.Open(_folder);
        await third.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 4).Select(Text), recovery.Records.Select(Read));
        Assert.NotNull(recovery.Corruption);
        Assert.Equal((Path.GetFileName(segment), (long)fifth, "checksum mismatch"), (recovery.Corruption.Segment, recovery.Corruption.Offset, recovery.Corruption.Reason));
        Assert.True(recovery.Corruption.DiscardedBytes > 6 * (8 + Record(0).Length));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_folder, "damaged")).Any());
        // The damage is reported once; the next start replays what was kept and nothing set aside.
        Assert.Equal(recovery.Records.Select(Read), later.Records.Select(Read));
        Assert.Null(later.Corruption);
    }

    [Fact]
    public async Task Checkpoint_RotateThenDeleteOlderSegments_OnlyNewRecordsReplayed()
    {
        var (log, _) = WriteAheadLog.Open(_folder, new WalOptions { SegmentBytes = 256 });
        for (var i = 0; i < 50; i++)
        {
            await log.AppendAsync(Record(i));
        }

        var checkpoint = await log.RotateAsync();
        await log.AppendAsync(Record(50));
        log.DeleteSegmentsBefore(checkpoint);
        await log.DisposeAsync();

        var (again, recovery) = WriteAheadLog.Open(_folder);
        await again.DisposeAsync();

        Assert.Equal([Text(50)], recovery.Records.Select(Read));
    }

    [Fact]
    public async Task Append_EmptyOrOversizeRecord_Refused()
    {
        var (log, _) = WriteAheadLog.Open(_folder, new WalOptions { MaxRecordBytes = 100 });
        await using var disposal = log;

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = log.AppendAsync(ReadOnlyMemory<byte>.Empty); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = log.AppendAsync(new byte[101]); });
    }

    private static string Text(int i) => $"record {i:D4}";

    private static byte[] Record(int i) => System.Text.Encoding.UTF8.GetBytes(Text(i));

    private static string Read(byte[] record) => System.Text.Encoding.UTF8.GetString(record);
}
