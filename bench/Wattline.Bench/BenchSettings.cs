using System.Globalization;

namespace Wattline.Bench;

/// <summary>Run sizes, from <c>--messages</c>, <c>--seconds</c> and <c>--devices</c>.</summary>
public sealed record BenchSettings(int Messages, int Seconds, int Devices)
{
    public static BenchSettings Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchSettings(Get("--messages", 1000), Get("--seconds", 10), Get("--devices", 20));
    }
}
