namespace Wattline.Cli;

/// <summary>The bearer token a command sends, and where it came from (to explain a refusal).</summary>
internal sealed record Credential(CredentialKind Kind, string? Bearer, string? UserName = null)
{
    public static readonly Credential None = new(CredentialKind.None, null);
}
