using Microsoft.AspNetCore.Identity;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;

namespace Wattline.Server.Demo;

/// <summary>
/// The documented demo login (user "demo", password "kilowatt-hours"), owner of the demo home. It is an
/// ordinary account, not an administrator; its password is reset to the documented one at every demo start.
/// </summary>
public sealed class DemoAccount(IServiceScopeFactory scopes, HomeDirectory homes, AccountDirectory accounts, HomeService homeService)
{
    public const string UserName = "demo";
    public const string Password = "kilowatt-hours";
    public const string HomeName = "Demo home";

    /// <summary>Creates the account and its home when missing; returns the home the demo devices belong to.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WattlineUser>>();
        var user = await users.FindByNameAsync(UserName);
        if (user is null)
        {
            user = new WattlineUser { UserName = UserName, CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow() };
            Check(await users.CreateAsync(user, Password));
        }
        else if (!await users.CheckPasswordAsync(user, Password))
        {
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, Password));
        }

        accounts.Set(user);
        var owned = homes.HomesOf(user.Id).Where(h => h.Value == HomeRole.Owner).Select(h => h.Key).ToList();
        if (owned.Count > 0)
        {
            return owned.Order(StringComparer.Ordinal).First();
        }

        var home = await homeService.CreateAsync(HomeName, null, user.Id, AuditActor.System, cancellationToken);
        return home.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The demo account could not be prepared: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
