namespace Wattline.Simulator.Models;

/// <summary>Active (W) and reactive (var) power of a load; apparent power follows from both.</summary>
public readonly record struct Power(double Active, double Reactive)
{
    public static Power Zero => default;

    public double Apparent => Math.Sqrt((Active * Active) + (Reactive * Reactive));

    /// <summary>Active over apparent power; 0 when nothing flows.</summary>
    public double Factor => Apparent < 1e-6 ? 0 : Active / Apparent;

    /// <summary>A load drawing <paramref name="active"/> watts at an inductive power factor.</summary>
    public static Power WithFactor(double active, double powerFactor) =>
        new(active, Math.Abs(active) * Math.Sqrt(1 - (powerFactor * powerFactor)) / powerFactor);

    public static Power operator +(Power a, Power b) => new(a.Active + b.Active, a.Reactive + b.Reactive);

    public static Power operator *(Power a, double factor) => new(a.Active * factor, a.Reactive * factor);
}
