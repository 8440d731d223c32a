namespace Wattline.Server.Energy;

/// <summary>An imported price of a home's dynamic tariff for <c>[StartMs, EndMs)</c>, per kWh before the markup.</summary>
public sealed class DynamicPrice
{
    public required string HomeId { get; init; }

    public long StartMs { get; init; }

    public long EndMs { get; set; }

    public double PricePerKwh { get; set; }
}
