namespace Wattline.Cli;

/// <summary>One server's sign-in as kept on disk: the user name and the refresh token that buys the next access token.</summary>
internal sealed record StoredLogin(string UserName, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);
