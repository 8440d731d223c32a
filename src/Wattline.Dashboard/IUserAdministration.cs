using Wattline.Contracts.Accounts;

namespace Wattline.Dashboard;

/// <summary>The server administrator's user management; every call is refused for anyone else.</summary>
public interface IUserAdministration
{
    /// <summary>Every account with its homes; null when the signed-in user is not an administrator.</summary>
    Task<IReadOnlyList<UserDto>?> ListUsersAsync(CancellationToken cancellationToken);

    Task<Outcome<UserDto>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken);

    /// <summary>Sets a new password; the user's sessions end.</summary>
    Task<Outcome> ResetPasswordAsync(string userId, string newPassword, CancellationToken cancellationToken);

    /// <summary>Disables or re-enables an account (re-enabling also lifts a lockout after failed logins).</summary>
    Task<Outcome<UserDto>> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken);

    /// <summary>Deletes the account with its memberships, sessions and keys.</summary>
    Task<Outcome> DeleteUserAsync(string userId, CancellationToken cancellationToken);
}
