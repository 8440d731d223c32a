namespace Wattline.Server.Energy;

/// <summary>A home's tariff as stored: its JSON (the API's shape) and when it last changed.</summary>
public sealed class HomeTariff
{
    public required string HomeId { get; init; }

    public required string Json { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
