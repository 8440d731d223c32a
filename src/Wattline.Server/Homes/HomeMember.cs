namespace Wattline.Server.Homes;

/// <summary>A user's role in a home.</summary>
public sealed class HomeMember
{
    public required string HomeId { get; init; }

    public required string UserId { get; init; }

    public HomeRole Role { get; set; }

    public DateTimeOffset AddedAt { get; init; }
}
