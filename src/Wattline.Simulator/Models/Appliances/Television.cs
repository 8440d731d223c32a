namespace Wattline.Simulator.Models.Appliances;

/// <summary>
/// A television: on most evenings from between 18:30 and 20:00 until between 22:00 and 23:45, some
/// weekend afternoons; the picture changes the draw; half a watt in standby.
/// </summary>
public sealed class Television(int seed) : IAppliance
{
    private const int Channel = 200;

    public string Name => "tv";

    public Power Draw(in SimInstant t)
    {
        if (!IsOn(t))
        {
            return Power.WithFactor(0.5, 0.3);
        }

        var picture = (12 * Noise.Smooth(seed, Channel, t.Seconds, 40)) + (5 * Noise.Smooth(seed, Channel + 1, t.Seconds, 7));
        return Power.WithFactor(92 + picture, 0.95);
    }

    private bool IsOn(in SimInstant t)
    {
        var day = t.Day;
        var hour = t.Hour;
        var watchesTonight = Noise.Unit(seed, Channel + 2, day) < 0.85;
        var from = Noise.Between(seed, Channel + 3, day, 18.5, 20);
        var until = Noise.Between(seed, Channel + 4, day, 22, 23.75);
        if (watchesTonight && hour >= from && hour < until)
        {
            return true;
        }

        var afternoon = t.IsWeekend && Noise.Unit(seed, Channel + 5, day) < 0.5;
        var afternoonFrom = Noise.Between(seed, Channel + 6, day, 14, 15.5);
        return afternoon && hour >= afternoonFrom && hour < afternoonFrom + 1.5;
    }
}
