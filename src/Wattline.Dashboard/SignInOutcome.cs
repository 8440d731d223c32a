namespace Wattline.Dashboard;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown user or wrong password: the page does not say which.</summary>
    WrongCredentials,

    /// <summary>Too many failed attempts, or an account an administrator disabled.</summary>
    LockedOut,

    /// <summary>Too many attempts from this address in a short time.</summary>
    TooManyAttempts,
}
