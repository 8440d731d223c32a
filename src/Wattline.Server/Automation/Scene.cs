namespace Wattline.Server.Automation;

/// <summary>A named set of device states of a home, applied in one action; its actions are kept as JSON.</summary>
public sealed class Scene
{
    public const int MaxNameLength = 80;

    public required string Id { get; init; }

    public required string HomeId { get; init; }

    public required string Name { get; set; }

    public required string Actions { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastAppliedAt { get; set; }
}
