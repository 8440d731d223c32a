using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

public sealed class ChunkStoreTests : IDisposable
{
    private static readonly long Day = TimeSpan.FromDays(1).Ticks / TimeSpan.TicksPerMillisecond;
    private static readonly long Today = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-chunks-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Reopen_AfterAppends_IndexRebuiltAndBytesReadBack()
    {
        var kitchen = new ChunkKey("home-a", 7, Tier.Raw);
        var hourly = new ChunkKey("home-a", 7, Tier.Hour);
        var other = new ChunkKey("home-b", 7, Tier.Raw);
        using (var store = ChunkStore.Open(_folder))
        {
            store.Append(kitchen, Today + 2000, Today + 2999, 10, Bytes(2));
            store.Append(kitchen, Today, Today + 999, 10, Bytes(1));
            store.Append(hourly, Today, Today + Day - 1, 24, Bytes(3));
            store.Append(other, Today, Today + 999, 10, Bytes(4));
            store.Sync();
        }

        using var reopened = ChunkStore.Open(_folder);
        var found = reopened.Find(kitchen, Today, Today + Day);

        Assert.Equal((4, 0L), (reopened.Recovery.Chunks, reopened.Recovery.TornTailBytes));
        Assert.Empty(reopened.Recovery.Damage);
        // Oldest first, whatever the order of writing; other tiers and homes apart.
        Assert.Equal([Bytes(1), Bytes(2)], found.Select(reopened.Read));
        Assert.Equal([Bytes(3)], reopened.Find(hourly, Today, Today + Day).Select(reopened.Read));
        Assert.Single(reopened.Find(other, Today, Today + 1));
        Assert.Empty(reopened.Find(kitchen, Today + 3000, Today + Day));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(36)]
    [InlineData(50)]
    public void TornTail_LastEntryCutShort_CutOffAndEarlierChunksKept(int kept)
    {
        var key = new ChunkKey("home-a", 1, Tier.Raw);
        string file;
        using (var store = ChunkStore.Open(_folder))
        {
            store.Append(key, Today, Today + 10, 2, Bytes(1));
            file = store.PathOf(store.Append(key, Today + 20, Today + 30, 2, Bytes(2)));
            store.Sync();
        }

        // A crash while a third chunk (its header and 64 bytes) was being written.
        var whole = File.ReadAllBytes(file);
        var entry = whole[..(36 + 64)];
        File.AppendAllBytes(file, entry[..kept]);

        using var reopened = ChunkStore.Open(_folder);
        reopened.Append(key, Today + 40, Today + 50, 2, Bytes(5));
        reopened.Sync();

        Assert.Equal(kept, reopened.Recovery.TornTailBytes);
        Assert.Equal([Bytes(1), Bytes(2), Bytes(5)], reopened.Find(key, Today, Today + Day).Select(reopened.Read));
    }

    [Fact]
    public void DamagedHeaderInsideFile_ReportedAndSetAside()
    {
        var key = new ChunkKey("home-a", 1, Tier.Raw);
        string file;
        using (var store = ChunkStore.Open(_folder))
        {
            file = store.PathOf(store.Append(key, Today, Today + 10, 2, Bytes(1)));
            store.Append(key, Today + 20, Today + 30, 2, Bytes(2));
            store.Append(key, Today + 40, Today + 50, 2, Bytes(3));
            store.Sync();
        }

        var bytes = File.ReadAllBytes(file);
        var second = 36 + 64;
        bytes[second + 13] ^= 0x01;
        File.WriteAllBytes(file, bytes);

        using var reopened = ChunkStore.Open(_folder);

        var damage = Assert.Single(reopened.Recovery.Damage);
        Assert.Equal((second, "chunk header checksum mismatch"), (damage.Offset, damage.Reason));
        Assert.Equal(2 * (36 + 64), damage.DiscardedBytes);
        Assert.Equal([Bytes(1)], reopened.Find(key, Today, Today + Day).Select(reopened.Read));
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "damaged")));
    }

    [Fact]
    public void Retention_DeleteBefore_RemovesWholeOldDaysOfOnePartitionOnly()
    {
        var a = new ChunkKey("home-a", 1, Tier.Raw);
        var b = new ChunkKey("home-b", 1, Tier.Raw);
        using var store = ChunkStore.Open(_folder);
        store.Append(a, Today - (100 * Day), Today - (100 * Day) + 10, 2, Bytes(1));
        store.Append(a, Today - Day, Today - Day + 10, 2, Bytes(2));
        store.Append(b, Today - (100 * Day), Today - (100 * Day) + 10, 2, Bytes(3));
        store.Sync();
        var before = store.SizeOf("home-a");

        var freed = store.DeleteBefore("home-a", Tier.Raw, Today - (90 * Day));

        Assert.Equal(36 + 64, freed);
        Assert.Equal(before - freed, store.SizeOf("home-a"));
        Assert.Equal([Bytes(2)], store.Find(a, 0, Today + Day).Select(store.Read));
        Assert.Single(store.Find(b, 0, Today + Day));
    }

    [Fact]
    public void RemoveSeries_SharedFile_RewrittenWithoutItsBytesAndOthersKept()
    {
        var gone = new ChunkKey("home-a", 1, Tier.Raw);
        var stays = new ChunkKey("home-a", 2, Tier.Raw);
        using (var store = ChunkStore.Open(_folder))
        {
            store.Append(gone, Today, Today + 10, 2, Bytes(1));
            store.Append(stays, Today, Today + 10, 2, Bytes(2));
            store.Append(gone, Today + 20, Today + 30, 2, Bytes(3));
            store.Append(stays, Today + 20, Today + 30, 2, Bytes(4));
            store.Sync();

            var freed = store.RemoveSeries(new HashSet<int> { 1 });
            store.Append(stays, Today + 40, Today + 50, 2, Bytes(5));
            store.Sync();

            Assert.Equal(2 * (36 + 64), freed);
            Assert.Empty(store.Find(gone, 0, Today + Day));
            Assert.Equal([Bytes(2), Bytes(4), Bytes(5)], store.Find(stays, 0, Today + Day).Select(store.Read));
        }

        var onDisk = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        using var reopened = ChunkStore.Open(_folder);

        Assert.DoesNotContain(onDisk, file => Contains(file, Bytes(1)) || Contains(file, Bytes(3)));
        Assert.Equal([Bytes(2), Bytes(4), Bytes(5)], reopened.Find(stays, 0, Today + Day).Select(reopened.Read));
        Assert.Empty(reopened.Find(gone, 0, Today + Day));
    }

    [Fact]
    public void Open_AfterCrashDuringRewrite_KeepsNewestCompleteGenerationOnly()
    {
        var key = new ChunkKey("home-a", 1, Tier.Raw);
        string file;
        using (var store = ChunkStore.Open(_folder))
        {
            file = store.PathOf(store.Append(key, Today, Today + 10, 2, Bytes(1)));
            store.Sync();
        }

        // A finished rewrite whose old file was not deleted yet, and an unfinished one.
        var folder = Path.GetDirectoryName(file)!;
        var period = Path.GetFileNameWithoutExtension(file);
        File.Copy(file, Path.Combine(folder, period + ".1.chunks"));
        File.WriteAllBytes(Path.Combine(folder, period + ".2.chunks.tmp"), [1, 2, 3]);

        using var reopened = ChunkStore.Open(_folder);

        Assert.Equal([period + ".1.chunks"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal([Bytes(1)], reopened.Find(key, 0, Today + Day).Select(reopened.Read));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("")]
    [InlineData("damaged")]
    [InlineData("a/b")]
    public void Append_UnsafePartitionName_Refused(string partition)
    {
        using var store = ChunkStore.Open(_folder);

        Assert.Throws<ArgumentException>(() => store.Append(new ChunkKey(partition, 1, Tier.Raw), Today, Today, 1, Bytes(1)));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    // A recognisable 64-byte chunk.
    private static byte[] Bytes(int seed) => Enumerable.Range(0, 64).Select(i => (byte)((seed * 31) + i)).ToArray();
}
