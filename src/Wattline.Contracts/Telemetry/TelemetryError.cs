namespace Wattline.Contracts.Telemetry;

/// <summary>Why a telemetry payload was refused: the JSON path of the offending field and a reason.</summary>
public sealed record TelemetryError(string Field, string Reason)
{
    public override string ToString() => Field.Length == 0 ? Reason : $"{Field}: {Reason}";
}
