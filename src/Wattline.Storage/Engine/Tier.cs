namespace Wattline.Storage.Engine;

/// <summary>The resolutions a series is kept at: raw points, and rollups of 1 minute, 15 minutes, 1 hour and 1 day.</summary>
public enum Tier : byte
{
    Raw = 0,
    Minute = 1,
    QuarterHour = 2,
    Hour = 3,
    Day = 4,
}
