namespace Wattline.Server.Homes;

/// <summary>What a member may do in a home; a higher role includes everything of the lower ones.</summary>
public enum HomeRole
{
    /// <summary>Reads devices, readings and energy.</summary>
    Viewer = 1,

    /// <summary>Also switches relays and runs scenes.</summary>
    Member = 2,

    /// <summary>Also manages devices, members, invitations, and reads the audit log.</summary>
    Owner = 3,
}
