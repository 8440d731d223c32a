using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;

namespace Wattline.Server.Accounts;

/// <summary>Accounts as the API and the dashboard change them: first-run setup, sign-up, logins, passwords, and the administrator's user management.</summary>
public sealed class AccountService(
    UserManager<WattlineUser> users,
    SignInManager<WattlineUser> signIn,
    AccountDirectory accounts,
    HomeDirectory homes,
    HomeService homeService,
    TokenService tokens,
    ApiKeyStore keys,
    Devices.DeviceRegistry registry,
    SetupCode setupCode,
    AuditLog audit,
    TimeProvider timeProvider)
{
    private static readonly SemaphoreSlim SetupLock = new(1, 1);

    // Verifying this hash when the user name is unknown makes a failed login take as long either way.
    private static readonly string DummyHash = new PasswordHasher<WattlineUser>().HashPassword(new WattlineUser(), "not a real password at all");

    /// <summary>The outcome of a password login.</summary>
    public sealed record LoginResult(WattlineUser? User, bool LockedOut, DateTimeOffset? LockedUntil);

    /// <summary>True while no administrator exists (the demo login is not one): the first-run setup is open.</summary>
    public bool SetupRequired => !accounts.HasAdministrator;

    /// <summary>Creates the first administrator and their home; refused once an administrator exists.</summary>
    public async Task<(WattlineUser? User, IReadOnlyList<(string Field, string Reason)> Errors)> SetupAsync(
        SignUpRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        await SetupLock.WaitAsync(cancellationToken);
        try
        {
            if (await users.Users.AnyAsync(u => u.IsAdministrator, cancellationToken))
            {
                return (null, [("$", "The server is already set up; sign in instead.")]);
            }

            if (!setupCode.Matches(request.SetupCode))
            {
                await audit.WriteAsync(actor, "setup", null, Clip(request.UserName ?? ""), "wrong setup code", "denied", cancellationToken);
                return (null, [("setupCode", $"wrong or missing; the code is in {SetupCode.FileName} in the server's data folder (the start-up log names it)")]);
            }

            var result = await CreateWithHomeAsync(request, administrator: true, actor, "setup", cancellationToken);
            if (result.User is not null)
            {
                setupCode.Retire();
            }

            return result;
        }
        finally
        {
            SetupLock.Release();
        }
    }

    /// <summary>Self-service sign-up: a normal account with a home of its own.</summary>
    public Task<(WattlineUser? User, IReadOnlyList<(string Field, string Reason)> Errors)> SignUpAsync(
        SignUpRequest request, AuditActor actor, CancellationToken cancellationToken) =>
        CreateWithHomeAsync(request, administrator: false, actor, "signup", cancellationToken);

    /// <summary>An administrator creates an account (without a home: the user is invited to one, or creates one).</summary>
    public async Task<(WattlineUser? User, IReadOnlyList<(string Field, string Reason)> Errors)> CreateUserAsync(
        CreateUserRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var (user, errors) = await CreateCoreAsync(request.UserName, request.Password, request.Administrator, cancellationToken);
        if (user is not null)
        {
            await audit.WriteAsync(actor, "user.create", null, user.UserName, request.Administrator ? "administrator" : null, cancellationToken: cancellationToken);
        }

        return (user, errors);
    }

    /// <summary>Checks a password, counting failures towards the lockout; every attempt is audited.</summary>
    public async Task<LoginResult> LoginAsync(string userName, string password, AuditActor origin, string via, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new WattlineUser(), DummyHash, password);
            await audit.WriteAsync(origin, "login", null, Clip(userName), $"{via}: unknown user", "failed", cancellationToken);
            return new LoginResult(null, false, null);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        var actor = origin with { UserId = user.Id, Name = user.UserName! };
        if (result.Succeeded && accounts.IsActive(user.Id))
        {
            await audit.WriteAsync(actor, "login", null, user.UserName, via, cancellationToken: cancellationToken);
            return new LoginResult(user, false, null);
        }

        accounts.Set(user);
        var locked = result.IsLockedOut || !accounts.IsActive(user.Id);
        await audit.WriteAsync(actor, "login", null, user.UserName, via + (locked ? ": locked out" : ": wrong password"), locked ? "denied" : "failed", cancellationToken);
        return new LoginResult(null, locked, locked ? await users.GetLockoutEndDateAsync(user) : null);
    }

    public async Task<IReadOnlyList<(string Field, string Reason)>> ChangePasswordAsync(string userId, string current, string next, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return [("$", "The account no longer exists.")];
        }

        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            return Errors(result, mismatchField: "currentPassword", passwordField: "newPassword");
        }

        await tokens.RevokeUserAsync(user.Id, cancellationToken);
        await audit.WriteAsync(actor, "password.change", null, user.UserName, cancellationToken: cancellationToken);
        return [];
    }

    /// <summary>An administrator sets a new password; the user's sessions end.</summary>
    public async Task<(bool Found, IReadOnlyList<(string Field, string Reason)> Errors)> ResetPasswordAsync(string userId, string next, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (false, []);
        }

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, next);
            if (!check.Succeeded)
            {
                return (true, Errors(check, "newPassword", "newPassword"));
            }
        }

        await users.RemovePasswordAsync(user);
        var result = await users.AddPasswordAsync(user, next);
        if (!result.Succeeded)
        {
            return (true, Errors(result, "newPassword", "newPassword"));
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        accounts.Set(user);
        await tokens.RevokeUserAsync(user.Id, cancellationToken);
        await audit.WriteAsync(actor, "password.reset", null, user.UserName, cancellationToken: cancellationToken);
        return (true, []);
    }

    /// <summary>Grants or removes administration, disables or re-enables an account. Null when there is no such user.</summary>
    public async Task<(UserDto? User, string? Refusal)> UpdateUserAsync(string userId, UpdateUserRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (null, null);
        }

        if (user.Id == actor.UserId && (request.Administrator == false || request.Locked == true))
        {
            return (await ToDtoAsync(user, cancellationToken), "administrators cannot demote or disable themselves");
        }

        if (request.Administrator is { } administrator && administrator != user.IsAdministrator)
        {
            user.IsAdministrator = administrator;
            await users.UpdateAsync(user);
            await audit.WriteAsync(actor, administrator ? "user.grant-admin" : "user.revoke-admin", null, user.UserName, cancellationToken: cancellationToken);
        }

        if (request.Locked is { } locked)
        {
            await users.SetLockoutEndDateAsync(user, locked ? AccountDirectory.DisabledUntil : null);
            await users.UpdateSecurityStampAsync(user);
            if (locked)
            {
                await tokens.RevokeUserAsync(user.Id, cancellationToken);
            }

            await audit.WriteAsync(actor, locked ? "user.disable" : "user.enable", null, user.UserName, cancellationToken: cancellationToken);
        }

        accounts.Set(user);
        return (await ToDtoAsync(user, cancellationToken), null);
    }

    /// <summary>Deletes an account, its memberships, tokens and keys. Refused for the last owner of a home with other members.</summary>
    public async Task<(bool Found, string? Refusal)> DeleteUserAsync(string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (false, null);
        }

        if (user.Id == actor.UserId)
        {
            return (true, "administrators cannot delete themselves");
        }

        foreach (var (homeId, role) in homes.HomesOf(user.Id))
        {
            if (role == HomeRole.Owner && await homeService.IsLastOwnerAsync(homeId, user.Id, cancellationToken))
            {
                return (true, $"the user is the last owner of home {homeId}; make someone else owner or delete the home first");
            }
        }

        await tokens.RevokeUserAsync(user.Id, cancellationToken);
        await users.DeleteAsync(user);
        accounts.Remove(user.Id);
        homes.RemoveUser(user.Id);
        keys.Forget(user.Id);
        await audit.WriteAsync(actor, "user.delete", null, user.UserName, cancellationToken: cancellationToken);
        return (true, null);
    }

    public async Task<List<UserDto>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var list = new List<UserDto>();
        foreach (var user in all)
        {
            list.Add(await ToDtoAsync(user, cancellationToken));
        }

        return list;
    }

    public async Task<UserDto> ToDtoAsync(WattlineUser user, CancellationToken cancellationToken)
    {
        var memberships = await homeService.MembershipsAsync(user.Id, cancellationToken);
        var locked = user.LockoutEnd is { } end && end > timeProvider.GetUtcNow();
        return new UserDto(user.Id, user.UserName!, user.IsAdministrator, locked, user.CreatedAt, memberships);
    }

    private async Task<(WattlineUser? User, IReadOnlyList<(string Field, string Reason)> Errors)> CreateWithHomeAsync(
        SignUpRequest request, bool administrator, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        var homeName = string.IsNullOrWhiteSpace(request.HomeName) ? "Home" : request.HomeName.Trim();
        if (Home.CheckName(homeName) is { } reason)
        {
            return (null, [("homeName", reason)]);
        }

        var (user, errors) = await CreateCoreAsync(request.UserName, request.Password, administrator, cancellationToken);
        if (user is null)
        {
            return (null, errors);
        }

        var userActor = actor with { UserId = user.Id, Name = user.UserName! };
        await audit.WriteAsync(userActor, "user." + action, null, user.UserName, administrator ? "administrator" : null, cancellationToken: cancellationToken);
        var home = await homeService.CreateAsync(homeName, null, user.Id, userActor, cancellationToken);
        if (administrator)
        {
            // A server upgraded from before accounts existed has devices without a home: they are the first administrator's.
            var adopted = await registry.AdoptOrphansAsync(home.Id, cancellationToken);
            if (adopted > 0)
            {
                await audit.WriteAsync(AuditActor.System, "device.adopt", home.Id, null, $"{adopted} devices registered before accounts existed", cancellationToken: cancellationToken);
            }
        }

        return (user, []);
    }

    private async Task<(WattlineUser? User, IReadOnlyList<(string Field, string Reason)> Errors)> CreateCoreAsync(
        string? userName, string? password, bool administrator, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length is < 2 or > 64)
        {
            return (null, [("userName", "between 2 and 64 characters")]);
        }

        var user = new WattlineUser { UserName = userName.Trim(), IsAdministrator = administrator, CreatedAt = timeProvider.GetUtcNow() };
        var result = await users.CreateAsync(user, password ?? "");
        if (!result.Succeeded)
        {
            return (null, Errors(result, "password", "password"));
        }

        accounts.Set(user);
        cancellationToken.ThrowIfCancellationRequested();
        return (user, []);
    }

    private static List<(string Field, string Reason)> Errors(IdentityResult result, string mismatchField, string passwordField) =>
        result.Errors.Select(e => (e.Code switch
        {
            "PasswordMismatch" => mismatchField,
            var code when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
            var code when code.Contains("UserName", StringComparison.Ordinal) => "userName",
            _ => "$",
        }, e.Description)).ToList();

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64];
}
