using Microsoft.AspNetCore.Http;

namespace Wattline.Dashboard;

/// <summary>
/// The statically rendered account pages (sign-in, first-run setup, sign-up, sign-out, password change):
/// they run inside the page request, so the server can set or clear the session cookie on its response.
/// </summary>
public interface IAccountPages
{
    /// <summary>True while no administrator exists: the first-run setup is open.</summary>
    bool SetupRequired { get; }

    /// <summary>Whether anyone can sign in yet (the demo login counts); until then, signing in means setting up.</summary>
    bool HasAccounts { get; }

    /// <summary>Whether anyone may create an account on this server.</summary>
    bool SignUpAllowed { get; }

    /// <summary>Checks the password (failures count towards the lockout and are audited) and starts a session.</summary>
    Task<SignInOutcome> SignInAsync(HttpContext context, string userName, string password, bool remember);

    /// <summary>Ends the request's session: its cookie stops working at once, also where it was copied.</summary>
    Task SignOutAsync(HttpContext context);

    /// <summary>First run: creates the administrator and their home, then signs them in.</summary>
    Task<IReadOnlyList<FieldError>> SetupAsync(HttpContext context, string userName, string password, string? homeName, string? setupCode);

    /// <summary>Creates an account with a home of its own, then signs it in; refused when sign-up is off.</summary>
    Task<IReadOnlyList<FieldError>> SignUpAsync(HttpContext context, string userName, string password, string? homeName);

    /// <summary>Changes the signed-in user's password; this session goes on, every other one ends.</summary>
    Task<IReadOnlyList<FieldError>> ChangePasswordAsync(HttpContext context, string currentPassword, string newPassword);
}
