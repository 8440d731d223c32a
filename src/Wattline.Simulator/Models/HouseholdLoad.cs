using Wattline.Simulator.Models.Appliances;

namespace Wattline.Simulator.Models;

/// <summary>
/// The consumption of a household circuit: a wandering base load (with a fridge in it), morning and
/// evening peaks, kettle boils of 2-2.4 kW and oven sessions of 2.5-2.9 kW with thermostat cycling.
/// </summary>
public sealed class HouseholdLoad(int seed, int channel, HouseholdLoadShape shape)
{
    private const double KettleSlotSeconds = 20 * 60;
    private readonly Fridge? _fridge = shape.Fridge ? new Fridge(seed + channel) : null;

    /// <summary>The load at <paramref name="t"/>.</summary>
    public Power Draw(in SimInstant t) => Linear(t) + NonLinear(t);

    /// <summary>Share of the load drawn by rectifiers and motors, which drives the current distortion.</summary>
    public double NonLinearShare(in SimInstant t)
    {
        var nonLinear = NonLinear(t).Active;
        var total = nonLinear + Linear(t).Active;
        return total <= 0 ? 0 : nonLinear / total;
    }

    private Power NonLinear(in SimInstant t)
    {
        var s = t.Seconds;
        var wander = (shape.BaseSpread * Noise.Smooth(seed, channel, s, 3 * 3600)) + (0.3 * shape.BaseSpread * Noise.Smooth(seed, channel + 1, s, 600));
        var baseLoad = Power.WithFactor(shape.BaseWatts + wander, 0.86);
        var peaks = Power.WithFactor(Peaks(t), 0.93);
        return baseLoad + peaks + (_fridge?.Draw(t) ?? Power.Zero);
    }

    private Power Linear(in SimInstant t) => new(Kettle(t) + Oven(t), 0);

    private double Peaks(in SimInstant t)
    {
        var day = t.Day;
        var morningAt = t.IsWeekend ? 9 : 7 + Noise.Between(seed, channel + 2, day, -0.4, 0.4);
        var eveningAt = 19 + Noise.Between(seed, channel + 3, day, -0.6, 0.6);
        var morning = shape.MorningWatts * Noise.Between(seed, channel + 4, day, 0.6, 1.2) * Bump(t.Hour, morningAt, 0.8);
        var evening = shape.EveningWatts * Noise.Between(seed, channel + 5, day, 0.7, 1.2) * Bump(t.Hour, eveningAt, 1.5);
        var texture = 0.75 + (0.25 * Noise.Smooth(seed, channel + 6, t.Seconds, 120));
        return (morning + evening) * texture;
    }

    private double Kettle(in SimInstant t)
    {
        if (!shape.Kettle)
        {
            return 0;
        }

        var slot = (long)Math.Floor(t.Seconds / KettleSlotSeconds);
        var into = t.Seconds - (slot * KettleSlotSeconds);
        var hour = t.Hour;
        var likelihood = hour switch
        {
            >= 6 and < 9 => 0.35,
            >= 15 and < 17 => 0.2,
            >= 18 and < 21.5 => 0.25,
            >= 9 and < 23 => 0.06,
            _ => 0,
        };
        if (Noise.Unit(seed, channel + 10, slot) >= likelihood)
        {
            return 0;
        }

        var start = Noise.Between(seed, channel + 11, slot, 0, KettleSlotSeconds - 300);
        var duration = Noise.Between(seed, channel + 12, slot, 150, 240);
        return into >= start && into < start + duration ? Noise.Between(seed, channel + 13, slot, 2000, 2400) : 0;
    }

    private double Oven(in SimInstant t)
    {
        var day = t.Day;
        var chance = t.IsWeekend ? 0.8 : 0.55;
        if (!shape.Oven || Noise.Unit(seed, channel + 20, day) >= chance)
        {
            return 0;
        }

        var startHour = Noise.Between(seed, channel + 21, day, 17.5, 19);
        var minutes = Noise.Between(seed, channel + 22, day, 40, 70);
        var elapsed = (t.Hour - startHour) * 3600;
        if (elapsed < 0 || elapsed >= minutes * 60)
        {
            return 0;
        }

        var watts = Noise.Between(seed, channel + 23, day, 2500, 2900);
        if (elapsed < 12 * 60)
        {
            return watts;
        }

        // The thermostat then holds the temperature: about 90 s on and 60 s off.
        var cycle = (long)Math.Floor(elapsed / 150);
        var onFor = 90 + (20 * Noise.Signed(seed, channel + 24, cycle + (day * 100)));
        return elapsed - (cycle * 150) < onFor ? watts : 0;
    }

    private static double Bump(double hour, double centre, double width) => Math.Exp(-Math.Pow((hour - centre) / width, 2));
}
