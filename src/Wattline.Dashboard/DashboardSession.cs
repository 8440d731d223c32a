namespace Wattline.Dashboard;

/// <summary>
/// Per-circuit facts about the browser session that the server's services need, such as the client's
/// address for the audit log (taken from the page request and carried into the interactive circuit).
/// </summary>
public sealed class DashboardSession
{
    public string? RemoteAddress { get; set; }

    /// <summary>Raised when the user's homes or roles changed in this session (a home renamed, joined or left).</summary>
    public event Action? HomesChanged;

    public void NotifyHomesChanged() => HomesChanged?.Invoke();
}
