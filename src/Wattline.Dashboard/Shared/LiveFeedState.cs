namespace Wattline.Dashboard.Shared;

/// <summary>Whether a page is receiving live messages.</summary>
public enum LiveFeedState
{
    Connecting,
    Live,
    Paused,
}
