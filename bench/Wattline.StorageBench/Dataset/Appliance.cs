namespace Wattline.StorageBench.Dataset;

/// <summary>What is plugged into a simulated socket; it decides the socket's power pattern.</summary>
public enum Appliance
{
    Fridge,
    Freezer,
    Television,
    Computer,
    WashingMachine,
    Dishwasher,
    Kettle,
    Lamp,
    Heater,
    Router,
}
