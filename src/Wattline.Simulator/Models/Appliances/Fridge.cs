namespace Wattline.Simulator.Models.Appliances;

/// <summary>
/// A fridge: the compressor runs about 15 minutes out of every 40 at ~90 W, with a start spike as the
/// motor spins up, a little longer on warm afternoons; a defrost heater runs once a day; the control
/// board draws about a watt.
/// </summary>
public sealed class Fridge(int seed) : IAppliance
{
    private const double CycleSeconds = 40 * 60;
    private const int Channel = 100;

    public string Name => "fridge";

    public Power Draw(in SimInstant t)
    {
        var standby = Power.WithFactor(1.2, 0.45);
        if (IsDefrosting(t))
        {
            return standby + new Power(155 + (3 * Noise.Smooth(seed, Channel + 1, t.Seconds, 60)), 0);
        }

        var cycle = (long)Math.Floor(t.Seconds / CycleSeconds);
        var intoCycle = t.Seconds - (cycle * CycleSeconds);
        var start = Noise.Between(seed, Channel + 2, cycle, 0, 240);
        var warmth = Math.Cos((t.Hour - 16) / 24 * 2 * Math.PI);
        var duration = 15 * 60 * (1 + (0.12 * warmth) + (0.08 * Noise.Signed(seed, Channel + 3, cycle)));
        var running = intoCycle - start;
        if (running < 0 || running >= duration)
        {
            return standby;
        }

        var spike = 260 * Math.Exp(-running / 4);
        var settling = 8 * Math.Exp(-running / 300);
        var active = 84 + settling + spike + (2 * Noise.Smooth(seed, Channel + 4, t.Seconds, 30));
        return standby + Power.WithFactor(active, spike > 20 ? 0.55 : 0.78);
    }

    /// <summary>True while the compressor is running (defrost and standby excluded).</summary>
    public bool IsCompressorRunning(in SimInstant t) => !IsDefrosting(t) && Draw(t).Active > 50;

    private bool IsDefrosting(in SimInstant t)
    {
        var startHour = Noise.Between(seed, Channel + 5, 0, 1, 5);
        var hour = t.Hour;
        return hour >= startHour && hour < startHour + 0.3;
    }
}
