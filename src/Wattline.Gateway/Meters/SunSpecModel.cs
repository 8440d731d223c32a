namespace Wattline.Gateway.Meters;

/// <summary>One model in a SunSpec chain: its id, the address of its id register and its length (registers after id and length).</summary>
public sealed record SunSpecModel(ushort Id, ushort Address, ushort Length);
