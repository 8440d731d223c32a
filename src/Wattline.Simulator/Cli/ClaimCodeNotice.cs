namespace Wattline.Simulator.Cli;

/// <summary>A claim code an unclaimed device shows its owner, and until when it works.</summary>
internal sealed record ClaimCodeNotice(string DeviceName, string Code, DateTimeOffset ExpiresAt);
