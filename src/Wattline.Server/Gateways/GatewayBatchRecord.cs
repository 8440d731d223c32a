namespace Wattline.Server.Gateways;

/// <summary>A batch a gateway uploaded: kept for a while so that the same batch sent again is recognised and dropped.</summary>
public sealed class GatewayBatchRecord
{
    public required string GatewayId { get; init; }

    public required Guid BatchId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public int Samples { get; init; }
}
