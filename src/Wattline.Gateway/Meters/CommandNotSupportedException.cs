namespace Wattline.Gateway.Meters;

/// <summary>A command the meter has no means for, or with parameters it cannot take; reported as a failed command.</summary>
public sealed class CommandNotSupportedException(string message) : Exception(message);
