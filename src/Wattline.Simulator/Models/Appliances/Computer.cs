namespace Wattline.Simulator.Models.Appliances;

/// <summary>
/// A desktop computer with its monitor: home-office hours on some weekdays, games on some evenings
/// and weekend afternoons; draw follows the work load; about a watt when off.
/// </summary>
public sealed class Computer(int seed) : IAppliance
{
    private const int Channel = 300;

    public string Name => "pc";

    public Power Draw(in SimInstant t)
    {
        var use = Usage(t);
        if (use == 0)
        {
            return Power.WithFactor(1.1, 0.4);
        }

        var burst = Math.Max(0, Noise.Smooth(seed, Channel, t.Seconds, 90));
        var active = use == 1
            ? 70 + (25 * burst) + (4 * Noise.Smooth(seed, Channel + 1, t.Seconds, 11))
            : 180 + (120 * burst) + (10 * Noise.Smooth(seed, Channel + 1, t.Seconds, 11));
        return Power.WithFactor(active, 0.96);
    }

    /// <summary>0 off, 1 office work, 2 gaming.</summary>
    private int Usage(in SimInstant t)
    {
        var day = t.Day;
        var hour = t.Hour;
        if (!t.IsWeekend && Noise.Unit(seed, Channel + 2, day) < 0.6)
        {
            var start = Noise.Between(seed, Channel + 3, day, 8, 9);
            var lunch = Noise.Between(seed, Channel + 4, day, 12, 12.75);
            var end = Noise.Between(seed, Channel + 5, day, 16.5, 18);
            if ((hour >= start && hour < lunch) || (hour >= lunch + 0.75 && hour < end))
            {
                return 1;
            }
        }

        var gamesFrom = t.IsWeekend ? Noise.Between(seed, Channel + 6, day, 13, 16) : Noise.Between(seed, Channel + 6, day, 20, 21.5);
        var gamesFor = Noise.Between(seed, Channel + 7, day, 1, 3);
        var plays = Noise.Unit(seed, Channel + 8, day) < (t.IsWeekend ? 0.7 : 0.35);
        return plays && hour >= gamesFrom && hour < gamesFrom + gamesFor ? 2 : 0;
    }
}
