namespace Wattline.Server.Homes;

/// <summary>A household: it owns devices, their readings and its audit log; users see it through a membership.</summary>
public sealed class Home
{
    public const int MaxNameLength = 80;

    public required string Id { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
