using Wattline.Contracts.Telemetry;

namespace Wattline.Server.Telemetry;

/// <summary>Outcome of one upload: how many samples and points were stored, or why it was refused.</summary>
public sealed record IngestResult(int Samples, int Points, TelemetryError? Error)
{
    public bool Accepted => Error is null;

    public static IngestResult Rejected(TelemetryError error) => new(0, 0, error);
}
