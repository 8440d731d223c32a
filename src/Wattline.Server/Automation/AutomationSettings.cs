namespace Wattline.Server.Automation;

/// <summary>A home's automation switch, location (for sunrise and sunset) and switching limit; a home without a row has the defaults.</summary>
public sealed class AutomationSettings
{
    public const int DefaultMaxSwitchesPerHour = 20;

    public required string HomeId { get; init; }

    public bool Paused { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public int MaxSwitchesPerHour { get; set; } = DefaultMaxSwitchesPerHour;
}
