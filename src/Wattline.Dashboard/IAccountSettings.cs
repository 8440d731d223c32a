using Wattline.Contracts.Accounts;

namespace Wattline.Dashboard;

/// <summary>The signed-in user's own account: who they are, their homes, and their personal API keys.</summary>
public interface IAccountSettings
{
    /// <summary>The signed-in user with their homes and roles; null when nobody is signed in.</summary>
    Task<MeDto?> GetMeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyDto>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>Creates a key; the result carries its secret, which is shown only this once.</summary>
    Task<Outcome<CreatedApiKeyDto>> CreateKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken);

    Task<Outcome> RevokeKeyAsync(string keyId, CancellationToken cancellationToken);
}
