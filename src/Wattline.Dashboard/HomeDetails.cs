using Wattline.Contracts.Homes;

namespace Wattline.Dashboard;

/// <summary>A home as its members see it: its name, the viewer's role (in <see cref="HomeDto.Role"/>) and its members.</summary>
public sealed record HomeDetails(HomeDto Home, IReadOnlyList<MemberDto> Members, string ViewerId)
{
    public bool ViewerIsOwner => Home.Role == "owner";
}
