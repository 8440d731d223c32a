namespace Wattline.Simulator.Models;

/// <summary>
/// A south-facing PV array: clear-sky irradiance on the tilted panels from the sun's position, cloud
/// cover that wanders like a bounded random walk around a cloudiness drawn per day, and the module
/// temperature losses. Pure: the same seed, site and time always give the same power.
/// </summary>
public sealed class SolarPlant(int seed, SimulationSite site, double peakWatts, bool clouds = true)
{
    private const double Tilt = 35 * Math.PI / 180;
    private const double SystemLosses = 0.9;

    public double PeakWatts { get; } = peakWatts;

    /// <summary>Irradiance on the panels in W/m².</summary>
    public double Irradiance(in SimInstant t)
    {
        var (_, north, up) = SolarPosition.Direction(t.Utc, site.Latitude, site.EffectiveLongitude);
        if (up <= 0.02)
        {
            return 0;
        }

        var zenith = Math.Acos(up) * 180 / Math.PI;
        var airMass = 1 / (up + (0.50572 * Math.Pow(96.07995 - zenith, -1.6364)));
        var direct = 1353 * Math.Pow(0.7, Math.Pow(airMass, 0.678));
        var incidence = Math.Max(0, (up * Math.Cos(Tilt)) - (north * Math.Sin(Tilt)));
        var diffuse = 0.1 * direct * up * (1 + Math.Cos(Tilt)) / 2;
        var cover = CloudCover(t);
        return (direct * incidence * (1 - cover)) + (diffuse * (1 + (1.5 * cover)));
    }

    /// <summary>Fraction of the direct sunlight blocked by clouds, 0 (clear) to 0.9.</summary>
    public double CloudCover(in SimInstant t)
    {
        if (!clouds)
        {
            return 0;
        }

        var day = t.Day;
        var draw = Noise.Unit(seed, 600, day);
        var cloudiness = draw < 0.4 ? 0.1 * draw : draw < 0.75 ? 0.3 + draw - 0.4 : 0.85;
        var walk = Noise.Fractal(seed, 601, t.Seconds, 2 * 3600, 5);
        return Math.Clamp(cloudiness + (0.45 * walk * Math.Min(1, cloudiness * 3)), 0, 0.9);
    }

    /// <summary>Outdoor temperature in °C: warm summers, cold winters, warmest mid-afternoon.</summary>
    public double Ambient(in SimInstant t)
    {
        var season = Math.Cos((t.Local.DayOfYear - 200) / 365.0 * 2 * Math.PI);
        var daily = Math.Cos((t.Hour - 15) / 24 * 2 * Math.PI);
        return 10 + (9 * season) + (5 * daily) + (2 * Noise.Smooth(seed, 602, t.Seconds, 6 * 3600));
    }

    /// <summary>Module temperature in °C: the panels heat up in the sun.</summary>
    public double ModuleTemperature(in SimInstant t) => Ambient(t) + (Irradiance(t) / 800 * 25);

    /// <summary>DC power the array delivers in W.</summary>
    public double DcPower(in SimInstant t)
    {
        var irradiance = Irradiance(t);
        if (irradiance <= 0)
        {
            return 0;
        }

        var moduleTemperature = Ambient(t) + (irradiance / 800 * 25);
        var thermal = 1 - (0.004 * (moduleTemperature - 25));
        return PeakWatts * irradiance / 1000 * thermal * SystemLosses;
    }
}
