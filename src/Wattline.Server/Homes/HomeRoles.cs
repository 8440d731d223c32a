namespace Wattline.Server.Homes;

/// <summary>Wire names of <see cref="HomeRole"/>.</summary>
public static class HomeRoles
{
    /// <summary>What a refused role is told to be instead.</summary>
    public const string Expected = "owner, member or viewer";

    public static string ToWire(this HomeRole role) => role switch
    {
        HomeRole.Owner => "owner",
        HomeRole.Member => "member",
        _ => "viewer",
    };

    public static bool TryParse(string? value, out HomeRole role)
    {
        role = value switch
        {
            "owner" => HomeRole.Owner,
            "member" => HomeRole.Member,
            "viewer" => HomeRole.Viewer,
            _ => 0,
        };
        return role != 0;
    }
}
