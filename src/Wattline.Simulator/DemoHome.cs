using Wattline.Contracts.Devices;
using Wattline.Simulator.Models;

namespace Wattline.Simulator;

/// <summary>
/// The demo home: a fridge, a living-room socket, two meters, rooftop PV and a gateway. The fridge's socket speaks
/// HTTP and the living-room socket the device WebSocket, so switching them shows every command path at work.
/// </summary>
public static class DemoHome
{
    /// <summary>Seed shared by the demo home's devices, so the main meter sees the same clouds as the inverter.</summary>
    public const int Seed = 4_815;

    public static IReadOnlyList<DemoDevice> Devices { get; } =
    [
        new("Fridge", DeviceKind.SmartSocket, DeviceProfiles.Fridge, 1, DeviceTransport.Http),
        new("Living room", DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, 2, DeviceTransport.WebSocket),
        new("House meter", DeviceKind.SinglePhaseMeter, DeviceProfiles.House, 0),
        new("Main distribution", DeviceKind.ThreePhaseMeter, DeviceProfiles.MainWithSolar, 0),
        new("Rooftop solar", DeviceKind.SolarInverter, DeviceProfiles.Rooftop, 0),
        new("Pi gateway", DeviceKind.Gateway, DeviceProfiles.Pi, 0),
    ];
}
