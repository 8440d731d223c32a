using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Accounts;
using Wattline.Dashboard;
using Wattline.Server.Audit;

namespace Wattline.Server.Accounts;

/// <summary>
/// The administrator's user management in the dashboard, through <see cref="AccountService"/>. Each call runs
/// in a scope of its own, so an open dashboard never works with an account as it was loaded minutes ago.
/// </summary>
public sealed class DashboardUserAdministration(
    AuthenticationStateProvider authentication,
    DashboardSession session,
    AccountDirectory accounts,
    IServiceScopeFactory scopes) : IUserAdministration
{
    public async Task<IReadOnlyList<UserDto>?> ListUsersAsync(CancellationToken cancellationToken)
    {
        if (await AdministratorAsync() is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await Service(scope).ListUsersAsync(cancellationToken);
    }

    public async Task<Outcome<UserDto>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        if (await AdministratorAsync() is not { } actor)
        {
            return Outcome<UserDto>.Missing();
        }

        await using var scope = scopes.CreateAsyncScope();
        var service = Service(scope);
        var (user, errors) = await service.CreateUserAsync(request, actor, cancellationToken);
        return user is null ? Outcome<UserDto>.Refused(errors[0].Field, errors[0].Reason) : Outcome<UserDto>.Done(await service.ToDtoAsync(user, cancellationToken));
    }

    public async Task<Outcome> ResetPasswordAsync(string userId, string newPassword, CancellationToken cancellationToken)
    {
        if (await AdministratorAsync() is not { } actor)
        {
            return Outcome.Missing();
        }

        await using var scope = scopes.CreateAsyncScope();
        var (found, errors) = await Service(scope).ResetPasswordAsync(userId, newPassword, actor, cancellationToken);
        if (!found)
        {
            return Outcome.Missing();
        }

        return errors.Count == 0 ? Outcome.Done : Outcome.Refused(errors[0].Field, errors[0].Reason);
    }

    public async Task<Outcome<UserDto>> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken)
    {
        if (await AdministratorAsync() is not { } actor)
        {
            return Outcome<UserDto>.Missing();
        }

        await using var scope = scopes.CreateAsyncScope();
        var (user, refusal) = await Service(scope).UpdateUserAsync(userId, new UpdateUserRequest(Locked: disabled), actor, cancellationToken);
        if (refusal is not null)
        {
            return Outcome<UserDto>.Refused("locked", refusal);
        }

        return user is null ? Outcome<UserDto>.Missing() : Outcome<UserDto>.Done(user);
    }

    public async Task<Outcome> DeleteUserAsync(string userId, CancellationToken cancellationToken)
    {
        if (await AdministratorAsync() is not { } actor)
        {
            return Outcome.Missing();
        }

        await using var scope = scopes.CreateAsyncScope();
        var (found, refusal) = await Service(scope).DeleteUserAsync(userId, actor, cancellationToken);
        if (!found)
        {
            return Outcome.Missing();
        }

        return refusal is null ? Outcome.Done : Outcome.Refused("$", refusal);
    }

    private static AccountService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AccountService>();

    // The account's administrator flag as it is now, not as it was at sign-in.
    private async Task<AuditActor?> AdministratorAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return user.GetUserId() is { } userId && accounts.Find(userId) is { Administrator: true, Disabled: false } && user.HasScope(Scopes.Admin)
            ? AuditActor.Of(user, session.RemoteAddress)
            : null;
    }
}
