namespace Wattline.Cli;

/// <summary>The content of <c>credentials.json</c>: a sign-in per server address.</summary>
internal sealed record CredentialsFile(Dictionary<string, StoredLogin> Servers);
