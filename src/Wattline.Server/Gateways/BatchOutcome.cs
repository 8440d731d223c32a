using Wattline.Contracts.Gateway;

namespace Wattline.Server.Gateways;

/// <summary>What became of a batch upload: accepted (or a duplicate), or the HTTP status and the part that was refused.</summary>
public sealed record BatchOutcome(BatchAcceptedDto? Accepted, int Status = 200, string Field = "", string Reason = "", long? LastNonce = null)
{
    public static BatchOutcome Refused(int status, string field, string reason, long? lastNonce = null) => new(null, status, field, reason, lastNonce);
}
