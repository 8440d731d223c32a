using System.Globalization;
using Wattline.Contracts.Devices;

namespace Wattline.Contracts.Telemetry;

/// <summary>
/// The canonical metric names of protocol v1, their units and per-kind physical limits.
/// Three-phase meters and inverters may suffix a metric with <c>_l1</c>, <c>_l2</c> or <c>_l3</c>;
/// smart sockets report relay states as <c>relay_1</c> … <c>relay_n</c>.
/// </summary>
public static class MetricCatalog
{
    public const string ActivePower = "active_power";
    public const string ReactivePower = "reactive_power";
    public const string ApparentPower = "apparent_power";
    public const string Voltage = "voltage";
    public const string Current = "current";
    public const string PowerFactor = "power_factor";
    public const string VoltageThd = "voltage_thd";
    public const string CurrentThd = "current_thd";
    public const string EnergyImport = "energy_import";
    public const string EnergyExport = "energy_export";
    public const string Frequency = "frequency";
    public const string Temperature = "temperature";
    public const string DcPower = "dc_power";
    public const string DcVoltage = "dc_voltage";
    public const string DcCurrent = "dc_current";
    public const string PowerLimit = "power_limit";
    public const string Relay = "relay";

    private const double MaxEnergyWh = 1e13;

    private static readonly string[] PhaseSuffixes = ["_l1", "_l2", "_l3"];

    /// <summary>Base metric, unit and description, for documentation and the API.</summary>
    public static IReadOnlyList<(string Name, string Unit, string Description)> BaseMetrics { get; } =
    [
        (ActivePower, "W", "active power; negative means export (meters)"),
        (ReactivePower, "var", "reactive power"),
        (ApparentPower, "VA", "apparent power"),
        (Voltage, "V", "RMS voltage, phase to neutral"),
        (Current, "A", "RMS current"),
        (PowerFactor, "", "power factor, -1 to 1"),
        (VoltageThd, "%", "total harmonic distortion of the voltage"),
        (CurrentThd, "%", "total harmonic distortion of the current"),
        (EnergyImport, "Wh", "cumulative active energy imported (consumed)"),
        (EnergyExport, "Wh", "cumulative active energy exported (produced)"),
        (Frequency, "Hz", "grid frequency"),
        (Temperature, "°C", "device temperature"),
        (DcPower, "W", "inverter DC input power"),
        (DcVoltage, "V", "inverter DC input voltage"),
        (DcCurrent, "A", "inverter DC input current"),
        (PowerLimit, "%", "inverter active power limit in force"),
        (Relay, "", "relay state, 0 off or 1 on; reported as relay_1 … relay_n"),
    ];

    /// <summary>Resolves a reported metric name for a device, or explains why it is not valid.</summary>
    public static bool TryResolve(DeviceKind kind, int relays, string name, out MetricSpec spec, out string error)
    {
        spec = null!;
        error = string.Empty;
        if (name.StartsWith(Relay + "_", StringComparison.Ordinal))
        {
            return TryResolveRelay(kind, relays, name, out spec, out error);
        }

        var baseName = name;
        var phase = false;
        foreach (var suffix in PhaseSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                baseName = name[..^suffix.Length];
                phase = true;
                break;
            }
        }

        if (phase && kind is not (DeviceKind.ThreePhaseMeter or DeviceKind.SolarInverter))
        {
            error = $"per-phase metric '{name}' is only valid for three-phase meters and inverters";
            return false;
        }

        if (!Limits(kind, baseName, phase, out var min, out var max))
        {
            error = $"unknown metric '{name}' for a {kind.ToWire()}";
            return false;
        }

        var unit = BaseMetrics.First(m => m.Name == baseName).Unit;
        var cumulative = baseName is EnergyImport or EnergyExport;
        spec = new MetricSpec(name, baseName, unit, min, max, cumulative, Binary: false);
        return true;
    }

    /// <summary>Every metric name a device of this kind may report.</summary>
    public static IEnumerable<string> NamesFor(DeviceKind kind, int relays)
    {
        foreach (var (name, _, _) in BaseMetrics)
        {
            if (name == Relay)
            {
                continue;
            }

            if (Limits(kind, name, phase: false, out _, out _))
            {
                yield return name;
            }

            if (kind is DeviceKind.ThreePhaseMeter or DeviceKind.SolarInverter && Limits(kind, name, phase: true, out _, out _))
            {
                foreach (var suffix in PhaseSuffixes)
                {
                    yield return name + suffix;
                }
            }
        }

        if (kind == DeviceKind.SmartSocket)
        {
            for (var i = 1; i <= relays; i++)
            {
                yield return RelayName(i);
            }
        }
    }

    /// <summary>The base name of a metric: <c>voltage_l2</c> is <c>voltage</c>, <c>relay_3</c> is <c>relay</c>.</summary>
    public static string BaseOf(string metric)
    {
        if (metric.StartsWith(Relay + "_", StringComparison.Ordinal))
        {
            return Relay;
        }

        foreach (var suffix in PhaseSuffixes)
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal))
            {
                return metric[..^suffix.Length];
            }
        }

        return metric;
    }

    /// <summary>Unit of a canonical metric name (phase and relay suffixes allowed); empty if unknown.</summary>
    public static string UnitOf(string metric)
    {
        var baseName = BaseOf(metric);
        foreach (var (name, unit, _) in BaseMetrics)
        {
            if (baseName == name)
            {
                return unit;
            }
        }

        return "";
    }

    public static string RelayName(int index) => string.Create(CultureInfo.InvariantCulture, $"{Relay}_{index}");

    private static bool TryResolveRelay(DeviceKind kind, int relays, string name, out MetricSpec spec, out string error)
    {
        spec = null!;
        if (kind != DeviceKind.SmartSocket)
        {
            error = $"relay metric '{name}' is only valid for smart sockets";
            return false;
        }

        var digits = name.AsSpan(Relay.Length + 1);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1 || index > relays)
        {
            error = $"'{name}' is not a relay of this socket (it has {relays.ToString(CultureInfo.InvariantCulture)}: relay_1 … relay_{relays.ToString(CultureInfo.InvariantCulture)})";
            return false;
        }

        error = string.Empty;
        spec = new MetricSpec(name, Relay, "", 0, 1, Cumulative: false, Binary: true);
        return true;
    }

    // Physically possible ranges per kind, generous enough for real installations and strict enough
    // to catch unit mistakes (kW sent as W, mV as V) and corrupt frames.
    private static bool Limits(DeviceKind kind, string baseName, bool phase, out double min, out double max)
    {
        (min, max) = (kind, baseName) switch
        {
            (_, Voltage) when kind != DeviceKind.Gateway => (0, 500),
            (_, Frequency) when kind != DeviceKind.Gateway => (40, 70),
            (_, PowerFactor) when kind != DeviceKind.Gateway => (-1, 1),
            (_, Temperature) => (-50, 150),
            (_, EnergyImport) when kind != DeviceKind.Gateway => (0, MaxEnergyWh),

            (DeviceKind.SmartSocket, ActivePower) => (-50, 8_000),
            (DeviceKind.SmartSocket, ReactivePower) => (-8_000, 8_000),
            (DeviceKind.SmartSocket, ApparentPower) => (0, 8_000),
            (DeviceKind.SmartSocket, Current) => (0, 32),

            (DeviceKind.SinglePhaseMeter, ActivePower or ReactivePower) => (-30_000, 30_000),
            (DeviceKind.SinglePhaseMeter, ApparentPower) => (0, 30_000),
            (DeviceKind.SinglePhaseMeter, Current) => (0, 125),

            (DeviceKind.ThreePhaseMeter, ActivePower or ReactivePower) => phase ? (-60_000, 60_000) : (-180_000, 180_000),
            (DeviceKind.ThreePhaseMeter, ApparentPower) => phase ? (0, 60_000) : (0, 180_000),
            (DeviceKind.ThreePhaseMeter, Current) => (0, 250),

            (DeviceKind.SolarInverter, ActivePower) => phase ? (-1_000, 50_000) : (-1_000, 150_000),
            (DeviceKind.SolarInverter, ReactivePower) => phase ? (-50_000, 50_000) : (-150_000, 150_000),
            (DeviceKind.SolarInverter, ApparentPower) => phase ? (0, 50_000) : (0, 150_000),
            (DeviceKind.SolarInverter, Current) => (0, 250),
            (DeviceKind.SolarInverter, DcPower) when !phase => (0, 200_000),
            (DeviceKind.SolarInverter, DcVoltage) when !phase => (0, 1_500),
            (DeviceKind.SolarInverter, DcCurrent) when !phase => (0, 200),
            (DeviceKind.SolarInverter, PowerLimit) when !phase => (0, 100),

            (DeviceKind.SinglePhaseMeter or DeviceKind.ThreePhaseMeter or DeviceKind.SolarInverter, EnergyExport) => (0, MaxEnergyWh),
            (DeviceKind.SinglePhaseMeter or DeviceKind.ThreePhaseMeter or DeviceKind.SolarInverter, VoltageThd) => (0, 100),
            (DeviceKind.SinglePhaseMeter or DeviceKind.ThreePhaseMeter or DeviceKind.SolarInverter, CurrentThd) => (0, 1_000),
            _ => (double.NaN, double.NaN),
        };

        if (double.IsNaN(min))
        {
            return false;
        }

        // Only some metrics exist per phase; a per-phase frequency or temperature makes no sense.
        if (phase && baseName is Frequency or Temperature)
        {
            return false;
        }

        return true;
    }
}
