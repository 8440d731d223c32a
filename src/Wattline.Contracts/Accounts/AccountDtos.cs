namespace Wattline.Contracts.Accounts;

/// <summary>Body of <c>POST /api/v1/auth/token</c>.</summary>
public sealed record LoginRequest(string UserName, string Password);

/// <summary>Body of <c>POST /api/v1/auth/refresh</c> and <c>POST /api/v1/auth/revoke</c>.</summary>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>
/// A short-lived access token (JWT, for <c>Authorization: Bearer</c>) and the refresh token that buys the
/// next one. Each refresh token works once; presenting a used one again revokes the whole chain.
/// </summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);

/// <summary>
/// Body of <c>POST /api/v1/setup</c> (first run) and <c>POST /api/v1/auth/signup</c>. The first-run setup also needs
/// <paramref name="SetupCode"/>, the code in <c>setup-code.txt</c> in the server's data folder.
/// </summary>
public sealed record SignUpRequest(string UserName, string Password, string? HomeName = null, string? SetupCode = null);

/// <summary>Body of <c>POST /api/v1/me/password</c>.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>The signed-in user.</summary>
public sealed record MeDto(string Id, string UserName, bool Administrator, IReadOnlyList<string> Scopes, IReadOnlyList<HomeMembershipDto> Homes);

/// <summary>One home the user belongs to, with the user's role in it.</summary>
public sealed record HomeMembershipDto(string HomeId, string Name, string Role);

/// <summary>Body of <c>POST /api/v1/me/api-keys</c>. Scopes: read, control, admin. No expiry: 90 days.</summary>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null);

/// <summary>A personal API key as listed: never the secret.</summary>
public sealed record ApiKeyDto(string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Answer to key creation: the only time the key itself is shown.</summary>
public sealed record CreatedApiKeyDto(ApiKeyDto Key, string Secret);

/// <summary>A user as the server administrator sees it.</summary>
public sealed record UserDto(string Id, string UserName, bool Administrator, bool LockedOut, DateTimeOffset CreatedAt, IReadOnlyList<HomeMembershipDto> Homes);

/// <summary>Body of <c>POST /api/v1/admin/users</c>.</summary>
public sealed record CreateUserRequest(string UserName, string Password, bool Administrator = false);

/// <summary>Body of <c>POST /api/v1/admin/users/{userId}/password</c>: an administrator sets a new password.</summary>
public sealed record ResetPasswordRequest(string NewPassword);

/// <summary>Body of <c>PATCH /api/v1/admin/users/{userId}</c>.</summary>
public sealed record UpdateUserRequest(bool? Administrator = null, bool? Locked = null);

/// <summary>Answer of <c>GET /api/v1/setup</c>: whether the first administrator still has to be created.</summary>
public sealed record SetupStateDto(bool Required, bool SignUpAllowed);
