namespace Wattline.Cli;

/// <summary>How a command authenticates: not at all, with an API key from the environment, or with a signed-in session.</summary>
internal enum CredentialKind
{
    None,
    ApiKey,
    Session,
}
