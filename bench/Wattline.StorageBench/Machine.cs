using System.Globalization;
using System.Runtime.InteropServices;
using Wattline.StorageBench.Dataset;

namespace Wattline.StorageBench;

/// <summary>The header of a run: the machine, and the dataset against the full one.</summary>
public static class Machine
{
    public static void Print(DatasetShape shape, TextWriter output)
    {
        var full = DatasetShape.Full(shape.Seed);
        output.WriteLine(Inv($"Machine: {Environment.ProcessorCount} cores, {MemoryGiB():0.#} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        output.WriteLine(Inv($"Full dataset: one year; meter {MeterModel.MetricCount} metrics at 1 s = {full.MeterPoints:N0} points, {DatasetShape.FullSockets:N0} sockets x {SocketModel.Metrics.Count} metrics at 10 s = {full.SocketPoints:N0} points; {full.TotalPoints:N0} points in all"));
        output.WriteLine(Inv($"This run: {shape.Seconds / 86_400.0:0.###} days, {shape.Sockets:N0} sockets, seed {shape.Seed}: meter {shape.MeterPoints:N0} + sockets {shape.SocketPoints:N0} = {shape.TotalPoints:N0} points ({100.0 * shape.TotalPoints / full.TotalPoints:0.####}% of the full dataset)"));
        output.WriteLine();
    }

    private static double MemoryGiB()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        var line = File.ReadLines(path).First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1_048_576.0;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
