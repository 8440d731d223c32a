namespace Wattline.Dashboard.Account;

/// <summary>The fields of the password change form.</summary>
public sealed class PasswordForm
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? RepeatPassword { get; set; }
}
