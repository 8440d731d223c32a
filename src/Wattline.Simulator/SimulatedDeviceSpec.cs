using Wattline.Contracts.Devices;

namespace Wattline.Simulator;

/// <summary>
/// One device to simulate: its registered id and token, what it is and how it behaves.
/// </summary>
/// <param name="DeviceId">Id from registration; also the MQTT user name and client id.</param>
/// <param name="Token">Device token from registration; the MQTT password.</param>
/// <param name="Kind">Kind the device was registered with.</param>
/// <param name="Profile">Behaviour, one of <see cref="Models.DeviceProfiles.ByKind"/>; empty for the kind's default.</param>
/// <param name="Relays">Relays of a smart socket; 0 for other kinds.</param>
/// <param name="Seed">Drives every random choice; devices of one home should share it (the meter then sees the inverter's clouds).</param>
/// <param name="BackfillFrom">Overrides <see cref="SimulatorOptions.BackfillFrom"/> for this device, e.g. the end of its stored data.</param>
/// <param name="StartCounters">Energy counters to start from (<c>energy_import</c>, <c>energy_export</c> in Wh), e.g. the last stored values.</param>
/// <param name="Transport">How the device talks to the server: MQTT, HTTP or the device WebSocket.</param>
public sealed record SimulatedDeviceSpec(
    string DeviceId,
    string Token,
    DeviceKind Kind,
    string Profile,
    int Relays,
    int Seed,
    DateTimeOffset? BackfillFrom = null,
    IReadOnlyDictionary<string, double>? StartCounters = null,
    DeviceTransport Transport = DeviceTransport.Mqtt);
