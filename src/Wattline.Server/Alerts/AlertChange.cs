namespace Wattline.Server.Alerts;

/// <summary>What just happened to an alert.</summary>
public enum AlertChange
{
    Raised,
    Repeated,
    Acknowledged,
    Cleared,
}
