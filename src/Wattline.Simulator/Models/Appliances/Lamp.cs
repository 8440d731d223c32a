namespace Wattline.Simulator.Models.Appliances;

/// <summary>An LED floor lamp: on from dusk (earlier in winter) until late evening, off otherwise.</summary>
public sealed class Lamp(int seed) : IAppliance
{
    private const int Channel = 400;

    public string Name => "lamp";

    public Power Draw(in SimInstant t)
    {
        var season = Math.Cos((t.Local.DayOfYear - 172) / 365.0 * 2 * Math.PI);
        var dusk = 18.5 + (2 * season) + Noise.Between(seed, Channel, t.Day, -0.3, 0.3);
        var bedtime = Noise.Between(seed, Channel + 1, t.Day, 22.5, 24);
        var on = t.Hour >= dusk && t.Hour < bedtime;
        return on ? Power.WithFactor(9.4, 0.62) : Power.Zero;
    }
}
