using Wattline.Contracts.Gateway;

namespace Wattline.Gateway.Buffer;

/// <summary>The oldest buffered readings under the batch id they keep until the server acknowledges them.</summary>
public sealed record PendingBatch(GatewayBatch Batch, long LastSequence);
