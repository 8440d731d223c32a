using System.Globalization;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// One simulated Modbus meter: its slave address and profile (<c>pzem004t</c>, <c>sdm120</c>, <c>sdm630</c>,
/// <c>sunspec</c>, <c>sunspec704</c> or <c>relayboard</c>), written <c>unit:profile</c> on the command line.
/// </summary>
public sealed record ModbusMeterSpec(byte Unit, string Profile)
{
    public static readonly IReadOnlyList<string> Profiles = ["pzem004t", "sdm120", "sdm630", "sunspec", "sunspec704", "relayboard"];

    public static ModbusMeterSpec Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var unit) || unit is < 1 or > 247)
        {
            throw new FormatException($"'{text}' is not unit:profile with a unit from 1 to 247, e.g. 1:sdm630");
        }

        return Profiles.Contains(parts[1], StringComparer.Ordinal)
            ? new ModbusMeterSpec(unit, parts[1])
            : throw new FormatException($"'{parts[1]}' is not a simulated Modbus meter; use one of {string.Join(", ", Profiles)}");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Unit}:{Profile}");
}
