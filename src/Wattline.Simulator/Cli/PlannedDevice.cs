using Wattline.Contracts.Devices;

namespace Wattline.Simulator.Cli;

/// <summary>A device the program will register and then run.</summary>
internal sealed record PlannedDevice(string Name, DeviceKind Kind, string Profile, int Relays, int Seed);
