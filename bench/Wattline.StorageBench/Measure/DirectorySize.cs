using System.Diagnostics;
using System.Globalization;

namespace Wattline.StorageBench.Measure;

/// <summary>Bytes of the files under a folder.</summary>
public static class DirectorySize
{
    /// <summary>Apparent size: the sum of the files' lengths (sparse, preallocated files count in full).</summary>
    public static long Of(string path, string pattern = "*") =>
        Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFiles(pattern, SearchOption.AllDirectories).Sum(f => SafeLength(f))
            : 0;

    /// <summary>
    /// Bytes the disk really holds for the folder (<c>du -s -B1</c>): InfluxDB preallocates sparse
    /// 4 MiB segments for its series file, whose apparent size says nothing about what is stored.
    /// </summary>
    public static async Task<long> AllocatedAsync(string path, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("du") { ArgumentList = { "-s", "-B1", path }, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("du did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return long.Parse(output.Split('\t', 2)[0], CultureInfo.InvariantCulture);
    }

    // A file may be removed (a compaction finished) between listing and reading its length.
    private static long SafeLength(FileInfo file)
    {
        try
        {
            file.Refresh();
            return file.Exists ? file.Length : 0;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
