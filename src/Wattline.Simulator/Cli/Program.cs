using System.CommandLine;

namespace Wattline.Simulator.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) =>
        SimulatorCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
}
