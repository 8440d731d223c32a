using System.Text.RegularExpressions;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Gateway.Configuration;
using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>The profiles a meter's configuration can name, and the checks of a generic meter's description.</summary>
public static partial class MeterProfiles
{
    public const string Pzem004t = "pzem004t";
    public const string Sdm120 = "sdm120";
    public const string Sdm630 = "sdm630";
    public const string SunSpec = "sunspec";
    public const string Generic = "generic";

    public static IReadOnlyList<string> Names { get; } = [Pzem004t, Sdm120, Sdm630, SunSpec, Generic];

    /// <summary>The profile of a meter whose configuration passed <see cref="Check"/>.</summary>
    public static IMeterProfile Create(MeterOptions meter) => meter.Profile switch
    {
        Pzem004t => new Pzem004tProfile(),
        Sdm120 => new EastronProfile(threePhase: false),
        Sdm630 => new EastronProfile(threePhase: true),
        SunSpec => new SunSpecProfile(),
        Generic => new GenericProfile(
            DeviceKinds.TryParse(meter.Kind, out var kind) ? kind.Value : throw new InvalidOperationException("unchecked configuration"),
            [.. meter.Registers.Select(r => new GenericRegister(
                (ushort)r.Address,
                r.Table == "input",
                r.Type,
                r.WordOrder == "low_first" ? WordOrder.LowFirst : WordOrder.HighFirst,
                r.Scale,
                r.Offset,
                r.Metric,
                r.Decimals))],
            [.. meter.Relays.Select(r => (ushort)r.Coil)]),
        _ => throw new InvalidOperationException("unchecked configuration"),
    };

    /// <summary>What is wrong with one meter's configuration, each problem naming its setting under <paramref name="path"/>.</summary>
    public static IEnumerable<string> Check(MeterOptions meter, string path)
    {
        if (!KeyPattern().IsMatch(meter.Key))
        {
            yield return $"{path}.Key: '{meter.Key}' must be 1 to 40 letters, digits, '-' or '_'";
        }

        if (meter.Unit is < 1 or > 247)
        {
            yield return $"{path}.Unit: {meter.Unit} is not a Modbus slave address (1 to 247)";
        }

        if (meter.Period < TimeSpan.FromMilliseconds(200) || meter.Period > TimeSpan.FromHours(1))
        {
            yield return $"{path}.Period: {meter.Period} must be between 00:00:00.2 and 01:00:00";
        }

        if (!Names.Contains(meter.Profile))
        {
            yield return $"{path}.Profile: '{meter.Profile}' is not one of {string.Join(", ", Names)}";
            yield break;
        }

        if (meter.Profile != Generic)
        {
            if (meter.Registers.Count > 0 || meter.Relays.Count > 0 || meter.Kind is not null)
            {
                yield return $"{path}: Kind, Registers and Relays belong to generic meters; the {meter.Profile} profile knows its own";
            }

            yield break;
        }

        foreach (var problem in CheckGeneric(meter, path))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> CheckGeneric(MeterOptions meter, string path)
    {
        if (!DeviceKinds.TryParse(meter.Kind, out var kind) || kind == DeviceKind.Gateway)
        {
            yield return $"{path}.Kind: '{meter.Kind}' must be smart_socket, single_phase_meter, three_phase_meter or solar_inverter";
            yield break;
        }

        if (meter.Registers.Count == 0 && meter.Relays.Count == 0)
        {
            yield return $"{path}.Registers: a generic meter needs at least one register or relay";
        }

        if (meter.Relays.Count > 0 && kind != DeviceKind.SmartSocket)
        {
            yield return $"{path}.Relays: only a smart_socket has relays";
        }

        for (var i = 0; i < meter.Registers.Count; i++)
        {
            var r = meter.Registers[i];
            var at = $"{path}.Registers[{i}]";
            if (r.Address is < 0 or > 65535)
            {
                yield return $"{at}.Address: {r.Address} is not a register address (0 to 65535)";
            }

            if (r.Table is not ("holding" or "input"))
            {
                yield return $"{at}.Table: '{r.Table}' must be holding or input";
            }

            if (!GenericRegister.TypeSizes.ContainsKey(r.Type))
            {
                yield return $"{at}.Type: '{r.Type}' must be one of {string.Join(", ", GenericRegister.TypeSizes.Keys)}";
            }

            if (r.WordOrder is not ("high_first" or "low_first"))
            {
                yield return $"{at}.WordOrder: '{r.WordOrder}' must be high_first or low_first";
            }

            if (!double.IsFinite(r.Scale) || r.Scale == 0)
            {
                yield return $"{at}.Scale: must be a number other than 0";
            }

            if (r.Decimals is < 0 or > 6)
            {
                yield return $"{at}.Decimals: {r.Decimals} must be between 0 and 6";
            }

            if (!MetricCatalog.TryResolve(kind.Value, meter.Relays.Count, r.Metric, out _, out var error))
            {
                yield return $"{at}.Metric: '{r.Metric}': {error}";
            }
        }

        for (var i = 0; i < meter.Relays.Count; i++)
        {
            if (meter.Relays[i].Coil is < 0 or > 65535)
            {
                yield return $"{path}.Relays[{i}].Coil: {meter.Relays[i].Coil} is not a coil address (0 to 65535)";
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex KeyPattern();
}
