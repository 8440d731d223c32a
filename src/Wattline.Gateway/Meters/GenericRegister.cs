using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>One register of a generic meter, parsed from its configuration.</summary>
public sealed record GenericRegister(ushort Address, bool Input, string Type, WordOrder Order, double Scale, double Offset, string Metric, int Decimals)
{
    public static readonly IReadOnlyDictionary<string, int> TypeSizes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["uint16"] = 1,
        ["int16"] = 1,
        ["uint32"] = 2,
        ["int32"] = 2,
        ["float32"] = 2,
        ["uint64"] = 4,
        ["int64"] = 4,
    };

    public int Size => TypeSizes[Type];

    public double Decode(ReadOnlySpan<ushort> r)
    {
        double raw = Type switch
        {
            "uint16" => r[0],
            "int16" => (short)r[0],
            "uint32" => Registers.UInt32(r, Order),
            "int32" => Registers.Int32(r, Order),
            "float32" => Registers.Float32(r, Order),
            "uint64" => Registers.UInt64(r, Order),
            _ => (long)Registers.UInt64(r, Order),
        };
        return (raw * Scale) + Offset;
    }
}
