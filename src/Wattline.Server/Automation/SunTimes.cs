namespace Wattline.Server.Automation;

/// <summary>
/// Sunrise and sunset for a place and date (NOAA's approximation: within a minute or two away from the poles), as
/// instants. Null where the sun does not rise or set that day (polar day or night).
/// </summary>
public static class SunTimes
{
    // The sun's upper edge at the horizon, with refraction: 90.833 degrees from the zenith.
    private const double ZenithDegrees = 90.833;

    public static DateTimeOffset? Sunrise(DateOnly date, double latitude, double longitude) => Event(date, latitude, longitude, rising: true);

    public static DateTimeOffset? Sunset(DateOnly date, double latitude, double longitude) => Event(date, latitude, longitude, rising: false);

    private static DateTimeOffset? Event(DateOnly date, double latitude, double longitude, bool rising)
    {
        var gamma = 2 * Math.PI / (DateTime.IsLeapYear(date.Year) ? 366 : 365) * (date.DayOfYear - 1);
        var equationOfTime = 229.18 * (0.000075 + (0.001868 * Math.Cos(gamma)) - (0.032077 * Math.Sin(gamma))
            - (0.014615 * Math.Cos(2 * gamma)) - (0.040849 * Math.Sin(2 * gamma)));
        var declination = 0.006918 - (0.399912 * Math.Cos(gamma)) + (0.070257 * Math.Sin(gamma)) - (0.006758 * Math.Cos(2 * gamma))
            + (0.000907 * Math.Sin(2 * gamma)) - (0.002697 * Math.Cos(3 * gamma)) + (0.00148 * Math.Sin(3 * gamma));
        var lat = latitude * Math.PI / 180;
        var cosHourAngle = (Math.Cos(ZenithDegrees * Math.PI / 180) / (Math.Cos(lat) * Math.Cos(declination))) - (Math.Tan(lat) * Math.Tan(declination));
        if (cosHourAngle is < -1 or > 1)
        {
            return null;
        }

        var hourAngle = Math.Acos(cosHourAngle) * 180 / Math.PI;
        var minutesUtc = 720 - (4 * (longitude + (rising ? hourAngle : -hourAngle))) - equationOfTime;
        var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return midnight.AddSeconds(Math.Round(minutesUtc * 60));
    }
}
