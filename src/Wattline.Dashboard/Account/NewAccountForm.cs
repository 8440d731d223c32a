namespace Wattline.Dashboard.Account;

/// <summary>The fields of the first-run setup and the sign-up form.</summary>
public sealed class NewAccountForm
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? RepeatPassword { get; set; }

    public string? HomeName { get; set; }

    /// <summary>The one-time code of the first-run setup (from setup-code.txt in the server's data folder).</summary>
    public string? SetupCode { get; set; }
}
