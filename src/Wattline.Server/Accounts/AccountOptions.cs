using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Accounts;

/// <summary>Settings of accounts, logins and API credentials ("Wattline:Accounts").</summary>
public sealed class AccountOptions
{
    public const string Section = "Wattline:Accounts";

    /// <summary>Lets anyone create an account (with a home of their own). Off: the administrator creates accounts.</summary>
    public bool AllowSignUp { get; set; }

    /// <summary>Failed logins in a row before the account is locked for <see cref="LockoutDuration"/>.</summary>
    [Range(3, 100)]
    public int LockoutAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of a JWT access token.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of a refresh token (each use issues a new one with a fresh lifetime).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Login and sign-up attempts one address may make per minute.</summary>
    [Range(1, 10_000)]
    public int LoginsPerMinute { get; set; } = 10;

    /// <summary>Token refreshes one address may make per minute.</summary>
    [Range(1, 10_000)]
    public int RefreshesPerMinute { get; set; } = 30;

    /// <summary>Claim attempts and invitation acceptances one address may make per minute.</summary>
    [Range(1, 10_000)]
    public int ClaimsPerMinute { get; set; } = 10;

    /// <summary>Devices one address may provision per minute (a gateway registers all its meters at once).</summary>
    [Range(1, 10_000)]
    public int ProvisionsPerMinute { get; set; } = 60;

    /// <summary>Control commands one user may send per minute.</summary>
    [Range(1, 100_000)]
    public int CommandsPerMinute { get; set; } = 120;
}
