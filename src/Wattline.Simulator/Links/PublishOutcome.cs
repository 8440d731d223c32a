namespace Wattline.Simulator.Links;

/// <summary>What the server answered to an upload: stored, or refused with its reason (resending would not help).</summary>
internal sealed record PublishOutcome(bool Acknowledged, string? Refusal)
{
    public static readonly PublishOutcome Stored = new(true, null);

    public static PublishOutcome Refused(string reason) => new(false, reason);
}
