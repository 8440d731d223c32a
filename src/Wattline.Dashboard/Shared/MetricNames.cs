using System.Globalization;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Dashboard.Shared;

/// <summary>Display names, units and ordering of canonical metric names, including phase and relay suffixes.</summary>
public static class MetricNames
{
    private static readonly string[] PhaseSuffixes = ["_l1", "_l2", "_l3"];

    private static readonly Dictionary<string, string> Units =
        MetricCatalog.BaseMetrics.ToDictionary(m => m.Name, m => m.Unit, StringComparer.Ordinal);

    private static readonly Dictionary<string, int> Positions =
        MetricCatalog.BaseMetrics.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [MetricCatalog.ActivePower] = "Power",
        [MetricCatalog.ReactivePower] = "Reactive power",
        [MetricCatalog.ApparentPower] = "Apparent power",
        [MetricCatalog.Voltage] = "Voltage",
        [MetricCatalog.Current] = "Current",
        [MetricCatalog.PowerFactor] = "Power factor",
        [MetricCatalog.VoltageThd] = "Voltage THD",
        [MetricCatalog.CurrentThd] = "Current THD",
        [MetricCatalog.EnergyImport] = "Energy imported",
        [MetricCatalog.EnergyExport] = "Energy exported",
        [MetricCatalog.Frequency] = "Frequency",
        [MetricCatalog.Temperature] = "Temperature",
        [MetricCatalog.DcPower] = "DC power",
        [MetricCatalog.DcVoltage] = "DC voltage",
        [MetricCatalog.DcCurrent] = "DC current",
        [MetricCatalog.PowerLimit] = "Power limit",
        [MetricCatalog.Relay] = "Relay",
    };

    /// <summary>The metric without its phase or relay suffix: <c>voltage_l2</c> gives <c>voltage</c>.</summary>
    public static string BaseName(string metric)
    {
        if (metric.StartsWith(MetricCatalog.Relay + "_", StringComparison.Ordinal))
        {
            return MetricCatalog.Relay;
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

    /// <summary>1, 2 or 3 for a per-phase metric, otherwise 0.</summary>
    public static int Phase(string metric)
    {
        for (var i = 0; i < PhaseSuffixes.Length; i++)
        {
            if (metric.EndsWith(PhaseSuffixes[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>1-based relay number of <c>relay_n</c>, otherwise 0.</summary>
    public static int RelayIndex(string metric)
    {
        var prefix = MetricCatalog.Relay + "_";
        return metric.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(metric.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : 0;
    }

    public static string PerPhase(string baseName, int phase) => baseName + PhaseSuffixes[phase - 1];

    public static string Unit(string metric) => Units.GetValueOrDefault(BaseName(metric), string.Empty);

    public static string Label(string metric, DeviceKind? kind = null)
    {
        var baseName = BaseName(metric);
        var relay = RelayIndex(metric);
        if (relay > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Relay {relay}");
        }

        var label = (kind, baseName) switch
        {
            (DeviceKind.SolarInverter, MetricCatalog.ActivePower) => "Production",
            (DeviceKind.SolarInverter, MetricCatalog.EnergyExport) => "Energy produced",
            _ => Labels.GetValueOrDefault(baseName, baseName.Replace('_', ' ')),
        };
        var phase = Phase(metric);
        return phase == 0 ? label : string.Create(CultureInfo.InvariantCulture, $"{label} L{phase}");
    }

    /// <summary>Sort key that follows the catalog order, phases and relays after their base metric.</summary>
    public static int Order(string metric)
    {
        var position = Positions.GetValueOrDefault(BaseName(metric), Positions.Count);
        return (position * 100) + Phase(metric) + RelayIndex(metric);
    }
}
