namespace Wattline.Simulator.Models;

/// <summary>Where the sun is, from the NOAA approximation of the equation of time and declination.</summary>
public static class SolarPosition
{
    private const double Degrees = Math.PI / 180;

    /// <summary>Sun direction as east, north and up components of a unit vector.</summary>
    public static (double East, double North, double Up) Direction(DateTimeOffset utc, double latitude, double longitude)
    {
        var (declination, equationMinutes) = DeclinationAndEquation(utc);
        var minutes = utc.UtcDateTime.TimeOfDay.TotalMinutes + equationMinutes + (4 * longitude);
        var hourAngle = ((minutes / 4) - 180) * Degrees;
        var phi = latitude * Degrees;
        var up = (Math.Sin(phi) * Math.Sin(declination)) + (Math.Cos(phi) * Math.Cos(declination) * Math.Cos(hourAngle));
        var east = -Math.Cos(declination) * Math.Sin(hourAngle);
        var north = (Math.Cos(phi) * Math.Sin(declination)) - (Math.Sin(phi) * Math.Cos(declination) * Math.Cos(hourAngle));
        return (east, north, up);
    }

    /// <summary>Elevation above the horizon in degrees; negative at night.</summary>
    public static double Elevation(DateTimeOffset utc, double latitude, double longitude) =>
        Math.Asin(Math.Clamp(Direction(utc, latitude, longitude).Up, -1, 1)) / Degrees;

    /// <summary>The instant of solar noon (highest sun) on the UTC date of <paramref name="day"/>.</summary>
    public static DateTimeOffset Noon(DateOnly day, double longitude)
    {
        var midday = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var (_, equationMinutes) = DeclinationAndEquation(midday);
        return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            .AddMinutes(720 - (4 * longitude) - equationMinutes);
    }

    private static (double Declination, double EquationMinutes) DeclinationAndEquation(DateTimeOffset utc)
    {
        var date = utc.UtcDateTime;
        var daysInYear = DateTime.IsLeapYear(date.Year) ? 366 : 365;
        var gamma = 2 * Math.PI / daysInYear * (date.DayOfYear - 1 + ((date.TimeOfDay.TotalHours - 12) / 24));
        var equation = 229.18 * (0.000075 + (0.001868 * Math.Cos(gamma)) - (0.032077 * Math.Sin(gamma))
            - (0.014615 * Math.Cos(2 * gamma)) - (0.040849 * Math.Sin(2 * gamma)));
        var declination = 0.006918 - (0.399912 * Math.Cos(gamma)) + (0.070257 * Math.Sin(gamma))
            - (0.006758 * Math.Cos(2 * gamma)) + (0.000907 * Math.Sin(2 * gamma))
            - (0.002697 * Math.Cos(3 * gamma)) + (0.00148 * Math.Sin(3 * gamma));
        return (declination, equation);
    }
}
