using System.Net;
using Wattline.Contracts.Devices;
using Wattline.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// Simulated meters sharing one bus, each at its own slave address, served over Modbus TCP or a serial line (a
/// pseudo-terminal made with socat stands in for an RS-485 adapter).
/// </summary>
public sealed class SimulatedModbusBus : IAsyncDisposable
{
    private readonly Dictionary<byte, SimulatedModbusMeter> _meters;
    private ModbusTcpServer? _tcp;
    private ModbusRtuServer? _rtu;

    public SimulatedModbusBus(IEnumerable<ModbusMeterSpec> specs, int seed, SimulationSite site, TimeProvider time)
    {
        Specs = specs.ToList();
        _meters = Specs.ToDictionary(s => s.Unit, s => Create(s, seed + s.Unit, site, time));
    }

    public IReadOnlyList<ModbusMeterSpec> Specs { get; }

    public IReadOnlyDictionary<byte, SimulatedModbusMeter> Meters => _meters;

    /// <summary>The TCP port, once <see cref="StartTcp"/> ran.</summary>
    public int TcpPort => _tcp?.Port ?? 0;

    public static SimulatedModbusMeter Create(ModbusMeterSpec spec, int seed, SimulationSite site, TimeProvider time) => spec.Profile switch
    {
        "pzem004t" => new PzemMeter(DeviceModelFactory.Create(DeviceKind.SinglePhaseMeter, null, 0, seed, site), time, spec.Unit),
        "sdm120" => new EastronMeter(DeviceModelFactory.Create(DeviceKind.SinglePhaseMeter, null, 0, seed, site), time, threePhase: false, spec.Unit),
        "sdm630" => new EastronMeter(DeviceModelFactory.Create(DeviceKind.ThreePhaseMeter, DeviceProfiles.Main, 0, seed, site), time, threePhase: true, spec.Unit),
        "sunspec" or "sunspec704" => new SunSpecInverter(
            (SolarInverterModel)DeviceModelFactory.Create(DeviceKind.SolarInverter, DeviceProfiles.ClearSky, 0, seed, site), time, spec.Unit, der: spec.Profile == "sunspec704"),
        "relayboard" => new RelayBoard((SmartSocketModel)DeviceModelFactory.Create(DeviceKind.SmartSocket, DeviceProfiles.Appliance, 2, seed, site), time),
        _ => throw new ArgumentException($"Unknown simulated Modbus meter '{spec.Profile}'.", nameof(spec)),
    };

    /// <summary>Serves the meters over Modbus TCP on <paramref name="port"/> (0: any free port).</summary>
    public void StartTcp(IPAddress address, int port)
    {
        _tcp = new ModbusTcpServer(address, port, unit => _meters.GetValueOrDefault(unit));
        _tcp.Start();
    }

    /// <summary>Serves the meters over Modbus RTU on a serial port.</summary>
    public void StartSerial(SerialSettings settings, TimeProvider time) =>
        _rtu = ModbusRtuServer.Open(settings, unit => _meters.GetValueOrDefault(unit), time);

    public async ValueTask DisposeAsync()
    {
        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }

        if (_rtu is not null)
        {
            await _rtu.DisposeAsync();
        }
    }
}
