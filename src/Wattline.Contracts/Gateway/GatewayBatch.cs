using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Gateway;

/// <summary>Readings of a gateway's meters, uploaded together under one id so that a resent batch is recognised.</summary>
public sealed record GatewayBatch(Guid Id, IReadOnlyList<GatewaySample> Samples);

/// <summary>What one meter (named by its key in the gateway's configuration) measured at one instant.</summary>
public sealed record GatewaySample(string Meter, long TimestampMs, IReadOnlyList<MetricValue> Values);
