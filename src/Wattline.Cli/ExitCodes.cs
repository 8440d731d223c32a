namespace Wattline.Cli;

/// <summary>Exit codes of the <c>wattline</c> command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server answered but refused or did not find what was asked.</summary>
    public const int Refused = 1;

    /// <summary>Something is missing that only the caller can give (a variable, an option, a password).</summary>
    public const int Usage = 2;

    public const int Unreachable = 3;

    /// <summary>Not signed in, or the credential is no longer accepted.</summary>
    public const int SignInRequired = 4;
}
