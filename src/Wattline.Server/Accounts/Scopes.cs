namespace Wattline.Server.Accounts;

/// <summary>
/// What a credential may do, on top of the user's home roles: <c>read</c> data, <c>control</c> devices,
/// <c>admin</c>ister (devices, members, keys). Password logins carry all three; API keys carry what was chosen.
/// </summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Control = "control";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Control, Admin];

    /// <summary>The claim type that carries one scope per claim.</summary>
    public const string ClaimType = "scope";
}
