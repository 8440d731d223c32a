namespace Wattline.Gateway.Meters;

/// <summary>The device does not follow SunSpec as the profile expects (no marker, no inverter model, a broken chain).</summary>
public sealed class SunSpecException(string message) : Exception(message);
