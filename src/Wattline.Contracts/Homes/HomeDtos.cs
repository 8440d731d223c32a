namespace Wattline.Contracts.Homes;

/// <summary>A home: the unit that owns devices and their data. <c>Role</c> is the caller's role in it.</summary>
public sealed record HomeDto(string Id, string Name, string Role, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /api/v1/homes</c> and <c>PATCH /api/v1/homes/{homeId}</c>.</summary>
public sealed record HomeRequest(string Name);

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
