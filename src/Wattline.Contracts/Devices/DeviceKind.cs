namespace Wattline.Contracts.Devices;

/// <summary>What a device is; decides which metrics it may report and their physical limits.</summary>
public enum DeviceKind
{
    SmartSocket,
    SinglePhaseMeter,
    ThreePhaseMeter,
    SolarInverter,
    Gateway,
}
