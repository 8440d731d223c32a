using System.Globalization;

namespace Wattline.StorageBench.Measure;

/// <summary>Peak resident memory of a process, from Linux's <c>/proc/&lt;pid&gt;/status</c>.</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM ("high water mark" of the resident set) in bytes, or -1 where /proc is missing.</summary>
    public static long PeakResidentBytes(int processId) => ReadKilobytes(processId, "VmHWM:");

    /// <summary>VmRSS (current resident set) in bytes, or -1 where /proc is missing.</summary>
    public static long ResidentBytes(int processId) => ReadKilobytes(processId, "VmRSS:");

    /// <summary>
    /// Resets this process's VmHWM to its current resident set (Linux 4.0+: writing 5 to clear_refs),
    /// so that targets measured one after the other in this process each get their own peak.
    /// </summary>
    public static bool ResetOwnPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadKilobytes(int processId, string field)
    {
        var path = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(path))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var digits = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(digits, CultureInfo.InvariantCulture) * 1_024;
            }
        }

        return -1;
    }
}
