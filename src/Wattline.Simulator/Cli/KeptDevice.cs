namespace Wattline.Simulator.Cli;

/// <summary>A device the simulator registered earlier on a server, kept so that a restart runs the same device again.</summary>
internal sealed record KeptDevice(string Name, string Kind, int Relays, string DeviceId, string Token);
