namespace Wattline.Simulator.Cli;

/// <summary>How the devices get their identity: with an API key into a home, or provisioned with claim codes; and where they are kept.</summary>
internal sealed record Registration(string? ApiKey, string? HomeId, string StatePath);
