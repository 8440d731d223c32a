namespace Wattline.Simulator.Cli;

/// <summary>The server was reached but did not register a device.</summary>
internal sealed class RegistrationRefusedException(string message) : Exception(message);
