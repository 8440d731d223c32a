namespace Wattline.Server.Telemetry;

/// <summary>Answer to a stored upload.</summary>
public sealed record IngestAccepted(int Samples, int Points);
