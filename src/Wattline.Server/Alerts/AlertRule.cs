namespace Wattline.Server.Alerts;

/// <summary>What a home wants to be told about: a reading past a threshold, a device gone silent, or a reading far from its usual.</summary>
public sealed class AlertRule
{
    public const int MaxNameLength = 80;
    public const string Threshold = "threshold";
    public const string Offline = "offline";
    public const string Anomaly = "anomaly";

    /// <summary>How many robust standard deviations from its usual an anomaly rule lets a reading stray.</summary>
    public const double DefaultSensitivity = 4;

    public required string Id { get; init; }

    public required string HomeId { get; init; }

    public required string Name { get; set; }

    /// <summary><see cref="Threshold"/>, <see cref="Offline"/> or <see cref="Anomaly"/>.</summary>
    public required string Type { get; set; }

    public required string Severity { get; set; }

    /// <summary>The one device watched; null watches every device of the home, including ones added later.</summary>
    public string? DeviceId { get; set; }

    public string? Metric { get; set; }

    /// <summary><c>above</c>, <c>below</c> or <c>outside</c> (threshold rules).</summary>
    public string? Operator { get; set; }

    /// <summary>The firing value (above/below), the band's lower edge (outside), or an anomaly rule's sensitivity.</summary>
    public double? Value { get; set; }

    /// <summary>The clearing value (above/below) or the clearing band's lower edge (outside).</summary>
    public double? Clear { get; set; }

    public double? High { get; set; }

    public double? ClearHigh { get; set; }

    public int ForSeconds { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The default this rule was made from (<c>offline</c>, <c>over_voltage</c>), or null for the home's own.</summary>
    public string? BuiltIn { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
