namespace Wattline.Simulator.Models.Appliances;

/// <summary>Something plugged in: what it draws at a moment, as a pure function of its seed and the time.</summary>
public interface IAppliance
{
    string Name { get; }

    Power Draw(in SimInstant t);
}
