namespace Wattline.Dashboard.Account;

/// <summary>Where a sign-in may send the browser afterwards: a path of this server, never another site.</summary>
public static class ReturnUrls
{
    private static readonly string[] AccountPages = ["login", "logout", "setup", "signup"];

    /// <summary>The address to go to, relative to the base address ("" is the device list).</summary>
    public static string Local(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048 || returnUrl[0] != '/')
        {
            return "";
        }

        // "//host" and "/\host" are other sites to a browser; a backslash anywhere may be read as a slash.
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\')
        {
            return "";
        }

        if (returnUrl.Any(c => c == '\\' || char.IsControl(c)) || !Uri.IsWellFormedUriString(returnUrl, UriKind.Relative))
        {
            return "";
        }

        var local = returnUrl.TrimStart('/');
        return IsAccountPage(local) ? "" : local;
    }

    /// <summary>The sign-in page, to come back to <paramref name="baseRelativePath"/> (as NavigationManager.ToBaseRelativePath gives it).</summary>
    public static string SignIn(string baseRelativePath) =>
        baseRelativePath.Length == 0 || IsAccountPage(baseRelativePath) ? "login" : "login?ReturnUrl=" + Uri.EscapeDataString("/" + baseRelativePath);

    // Coming back to the sign-in or sign-out page after signing in would go round in circles.
    private static bool IsAccountPage(string local) =>
        AccountPages.Any(page => local.Equals(page, StringComparison.OrdinalIgnoreCase)
            || (local.StartsWith(page, StringComparison.OrdinalIgnoreCase) && local[page.Length] is '?' or '/' or '#'));
}
