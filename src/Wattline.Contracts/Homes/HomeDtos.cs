namespace Wattline.Contracts.Homes;

/// <summary>
/// A home: the unit that owns devices and their data. <c>Role</c> is the caller's role in it; <c>TimeZone</c> the
/// IANA zone its local days and months of energy follow (null: the server's).
/// </summary>
public sealed record HomeDto(string Id, string Name, string Role, DateTimeOffset CreatedAt, string? TimeZone = null);

/// <summary>
/// Body of <c>POST /api/v1/homes</c> and <c>PATCH /api/v1/homes/{homeId}</c>. <c>TimeZone</c> is an IANA id such as
/// "Europe/Berlin"; left out, a new home uses the server's zone and a renamed one keeps its own.
/// </summary>
public sealed record HomeRequest(string Name, string? TimeZone = null);

/// <summary>
/// Days a home keeps each resolution of its readings: raw points, and rollups of 1 minute, 15 minutes, 1 hour and
/// 1 day (min, max, mean, first, last). Null keeps a resolution forever. The default keeps raw points 90 days and
/// every rollup forever.
/// </summary>
public sealed record RetentionDto(int? Raw, int? Minute, int? QuarterHour, int? Hour, int? Day);

/// <summary>Bytes one resolution of a home's readings takes on disk (<c>raw</c>, <c>1m</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>).</summary>
public sealed record StorageResolutionDto(string Resolution, long Bytes);

/// <summary>Bytes one device's readings take, every resolution included.</summary>
public sealed record DeviceStorageDto(string DeviceId, string Name, long Bytes);

/// <summary>Answer of <c>GET /api/v1/homes/{homeId}/storage</c>: disk use of the home's readings and its retention.</summary>
public sealed record HomeStorageDto(long TotalBytes, IReadOnlyList<StorageResolutionDto> Resolutions, IReadOnlyList<DeviceStorageDto> Devices, RetentionDto Retention);

/// <summary>A member of a home. Roles: owner, member (may control), viewer (read only).</summary>
public sealed record MemberDto(string UserId, string UserName, string Role, DateTimeOffset AddedAt);

/// <summary>Body of <c>PUT /api/v1/homes/{homeId}/members/{userId}</c>.</summary>
public sealed record MemberRoleRequest(string Role);

/// <summary>Body of <c>POST /api/v1/homes/{homeId}/invitations</c>. No expiry given: 7 days.</summary>
public sealed record CreateInvitationRequest(string Role, DateTimeOffset? ExpiresAt = null);

/// <summary>An invitation as listed to owners: never the code.</summary>
public sealed record InvitationDto(string Id, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? AcceptedBy, DateTimeOffset? RevokedAt);

/// <summary>Answer to creating an invitation: the only time its code is shown.</summary>
public sealed record CreatedInvitationDto(InvitationDto Invitation, string Code);

/// <summary>Body of <c>POST /api/v1/invitations/accept</c>.</summary>
public sealed record AcceptInvitationRequest(string Code);

/// <summary>
/// One entry of the audit log: who did what to which target, when, from where, and whether it worked.
/// </summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail, string? RemoteAddress, string Outcome, string? HomeId);

/// <summary>A page of the audit log, newest first; ask for the next page with <c>before=NextBefore</c>.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Entries, long? NextBefore);
