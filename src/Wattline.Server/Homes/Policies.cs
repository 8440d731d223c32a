namespace Wattline.Server.Homes;

/// <summary>
/// The authorization policies every endpoint chooses from. Home and device policies resolve the home from
/// the route (<c>{homeId}</c>, or the home of device <c>{id}</c>) and need both a role in that home and a
/// credential scope; a caller who is not a member gets 404, as if the home or device did not exist.
/// </summary>
public static class Policies
{
    public const string HomeRead = "home:read";
    public const string HomeControl = "home:control";
    public const string HomeManage = "home:manage";
    public const string DeviceRead = "device:read";
    public const string DeviceControl = "device:control";
    public const string DeviceManage = "device:manage";

    /// <summary>Any signed-in user, with the read scope (their own account, their list of homes).</summary>
    public const string UserRead = "user:read";

    /// <summary>Any signed-in user, with the admin scope (their keys, creating a home, accepting an invitation).</summary>
    public const string UserManage = "user:manage";

    /// <summary>A server administrator with the admin scope.</summary>
    public const string Administrator = "administrator";
}
