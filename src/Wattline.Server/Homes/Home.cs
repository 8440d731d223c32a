namespace Wattline.Server.Homes;

/// <summary>A household: it owns devices, their readings and its audit log; users see it through a membership.</summary>
public sealed class Home
{
    public const int MaxNameLength = 80;

    public required string Id { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why <paramref name="name"/> cannot name a home, or null when it can.</summary>
    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl)
            ? $"required, at most {MaxNameLength} characters, no control characters"
            : null;
}
