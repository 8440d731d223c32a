using Microsoft.AspNetCore.Identity;

namespace Wattline.Server.Accounts;

/// <summary>A person who signs in. Passwords are kept by ASP.NET Core Identity as salted PBKDF2 hashes.</summary>
public sealed class WattlineUser : IdentityUser
{
    /// <summary>A server administrator manages users and homes; it sees no home's data unless it is a member.</summary>
    public bool IsAdministrator { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
