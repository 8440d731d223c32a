using Wattline.Contracts.Accounts;
using Wattline.Contracts.Homes;

namespace Wattline.Dashboard;

/// <summary>
/// Homes, members, invitations and each home's audit log, with the same role checks as the REST API:
/// a home the signed-in user is not a member of is answered exactly like a home that does not exist.
/// </summary>
public interface IHomeManagement
{
    /// <summary>The homes the signed-in user belongs to, with their role in each.</summary>
    Task<IReadOnlyList<HomeMembershipDto>> GetHomesAsync(CancellationToken cancellationToken);

    /// <summary>The home with its members; null when it does not exist or the user is not a member.</summary>
    Task<HomeDetails?> GetHomeAsync(string homeId, CancellationToken cancellationToken);

    /// <summary>Owners only.</summary>
    Task<Outcome<HomeDto>> RenameAsync(string homeId, string name, CancellationToken cancellationToken);

    /// <summary>Owners only; refused when it would leave the home without an owner.</summary>
    Task<Outcome<MemberDto>> SetRoleAsync(string homeId, string userId, string role, CancellationToken cancellationToken);

    /// <summary>An owner removing someone, or any member leaving (their own id).</summary>
    Task<Outcome> RemoveMemberAsync(string homeId, string userId, CancellationToken cancellationToken);

    /// <summary>Owners only; null otherwise.</summary>
    Task<IReadOnlyList<InvitationDto>?> ListInvitationsAsync(string homeId, CancellationToken cancellationToken);

    /// <summary>Owners only; the result carries the code, which is shown only this once.</summary>
    Task<Outcome<CreatedInvitationDto>> CreateInvitationAsync(string homeId, string role, TimeSpan lifetime, CancellationToken cancellationToken);

    Task<Outcome> RevokeInvitationAsync(string homeId, string invitationId, CancellationToken cancellationToken);

    /// <summary>Joins the home of an invitation code.</summary>
    Task<Outcome<HomeDto>> AcceptInvitationAsync(string code, CancellationToken cancellationToken);

    /// <summary>Disk use of the home's readings per resolution and device, and their retention; null when not a member.</summary>
    Task<HomeStorageDto?> GetStorageAsync(string homeId, CancellationToken cancellationToken);

    /// <summary>Owners only: days each resolution is kept (null: forever).</summary>
    Task<Outcome<RetentionDto>> SetRetentionAsync(string homeId, RetentionDto retention, CancellationToken cancellationToken);

    /// <summary>Owners only: the time zone (an IANA id) of the home's local days and months.</summary>
    Task<Outcome<HomeDto>> SetTimeZoneAsync(string homeId, string timeZone, CancellationToken cancellationToken);

    /// <summary>A page of the home's audit log, newest first (owners only; null otherwise).</summary>
    Task<AuditPageDto?> ReadAuditAsync(string homeId, long? before, int limit, CancellationToken cancellationToken);
}
