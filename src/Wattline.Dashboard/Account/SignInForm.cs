namespace Wattline.Dashboard.Account;

/// <summary>The fields of the sign-in form.</summary>
public sealed class SignInForm
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool Remember { get; set; }
}
