using Wattline.Contracts.Devices;

namespace Wattline.Simulator;

/// <summary>A device of the demo home as it is registered: its name, kind, behaviour, relays and how it connects.</summary>
public sealed record DemoDevice(string Name, DeviceKind Kind, string Profile, int Relays, DeviceTransport Transport = DeviceTransport.Mqtt)
{
    /// <summary>What to run once the device is registered; use one seed for the whole home.</summary>
    public SimulatedDeviceSpec ToSpec(string deviceId, string token, int seed = DemoHome.Seed) =>
        new(deviceId, token, Kind, Profile, Relays, seed, Transport: Transport);
}
