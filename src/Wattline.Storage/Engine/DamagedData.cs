namespace Wattline.Storage.Engine;

/// <summary>
/// Where the log and the chunk files put what they cannot trust: the bytes from a damaged point to the
/// end of a file are copied into a <c>damaged/</c> folder for inspection, and the file is cut there.
/// Nothing set aside is ever read again.
/// </summary>
internal static class DamagedData
{
    public const string Folder = "damaged";

    /// <summary>Copies the bytes of <paramref name="path"/> from <paramref name="offset"/> on into <paramref name="root"/>/damaged/<paramref name="name"/>, then cuts the file there durably.</summary>
    public static void SetAsideTail(string root, string path, long offset, string name)
    {
        var folder = Path.Combine(root, Folder);
        Directory.CreateDirectory(folder);
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var bytes = new byte[file.Length - offset];
        file.Seek(offset, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
        file.SetLength(offset);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Moves a whole file into <paramref name="root"/>/damaged/.</summary>
    public static void SetAsideFile(string root, string path)
    {
        Directory.CreateDirectory(Path.Combine(root, Folder));
        File.Move(path, Path.Combine(root, Folder, Path.GetFileName(path)), overwrite: true);
    }
}
