namespace Wattline.Simulator.Cli;

/// <summary>The content of the state file: the devices registered on each server, by the server's address.</summary>
internal sealed record SimulatorStateFile(Dictionary<string, List<KeptDevice>> Servers);
