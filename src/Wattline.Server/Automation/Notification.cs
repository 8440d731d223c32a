namespace Wattline.Server.Automation;

/// <summary>A message to a home's members from its automation (a rule's notify action, a loop stopped).</summary>
public sealed class Notification
{
    public long Id { get; set; }

    public required string HomeId { get; init; }

    public DateTimeOffset At { get; init; }

    public required string Text { get; init; }

    /// <summary>What posted it, e.g. "rule 'Peak import'".</summary>
    public required string Source { get; init; }
}
