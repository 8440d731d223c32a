namespace Wattline.Contracts.Gateway;

/// <summary>
/// What a gateway tells the server about itself (<c>PUT /api/v1/devices/{id}/meters</c>): its meters as configured
/// and how their polling goes, and the state of its buffer. The server keeps one device per meter key beneath the gateway.
/// </summary>
public sealed record GatewayReportDto(IReadOnlyList<GatewayMeterReportDto> Meters, GatewayBufferDto Buffer, string? Version = null);

/// <summary>A meter as the gateway has it configured, and whether it answers.</summary>
public sealed record GatewayMeterReportDto(string Key, string Name, string Kind, int Relays, string Profile, bool Online, string? Error = null, long? LastReadingAt = null);

/// <summary>Readings waiting in the gateway's buffer, the oldest one's time (the upload lag), and readings dropped unsent.</summary>
public sealed record GatewayBufferDto(long Depth, long? OldestMs, long Dropped);

/// <summary>The server's answer to a report: the device id of each meter key.</summary>
public sealed record GatewayMetersDto(IReadOnlyList<GatewayMeterDto> Meters);

public sealed record GatewayMeterDto(string Key, string DeviceId, string Name, string Kind);

/// <summary>
/// Answer to a batch upload. <c>duplicate</c>: the server had this batch already and stored nothing again.
/// <c>refused</c>: readings left out because they failed validation (the rest were stored), at most ten shown.
/// </summary>
public sealed record BatchAcceptedDto(Guid Batch, bool Duplicate, int Samples, int Points, int RefusedPoints = 0, IReadOnlyList<BatchRefusalDto>? Refused = null);

public sealed record BatchRefusalDto(string Meter, long Ts, string Field, string Error);

/// <summary>
/// A gateway as a person looks at it (<c>GET /api/v1/devices/{id}/gateway</c>): its meters with their devices and
/// whether they answer, and its buffer as of its last report (null before the first report since the server started).
/// </summary>
public sealed record GatewayStatusDto(string GatewayId, DateTimeOffset? ReportedAt, string? Version, GatewayBufferDto? Buffer, IReadOnlyList<GatewayMeterStatusDto> Meters);

public sealed record GatewayMeterStatusDto(string Key, string DeviceId, string Name, string Kind, string? Profile, bool Online, string? Error, DateTimeOffset? LastReadingAt);
