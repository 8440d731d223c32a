namespace Wattline.Server.Telemetry;

/// <summary>The store refused or failed a write: nothing of the upload was stored, so nothing may be acknowledged.</summary>
public sealed class TelemetryNotStoredException(Exception inner) : Exception("The readings could not be stored.", inner);
