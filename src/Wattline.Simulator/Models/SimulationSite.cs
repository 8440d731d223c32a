namespace Wattline.Simulator.Models;

/// <summary>
/// Where the simulated home is: its time zone (for daily habits) and its position (for the sun).
/// Without a longitude, the centre of the zone's standard offset is used (15° per hour).
/// </summary>
public sealed record SimulationSite(TimeZoneInfo TimeZone, double Latitude = 48, double? Longitude = null)
{
    public double EffectiveLongitude => Longitude ?? TimeZone.BaseUtcOffset.TotalHours * 15;
}
