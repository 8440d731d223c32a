using Microsoft.AspNetCore.Authorization;

namespace Wattline.Server.Homes;

/// <summary>Needs <see cref="Role"/> in the home named by the route and the credential scope <see cref="Scope"/>.</summary>
public sealed record HomeAccessRequirement(HomeRole Role, string Scope, bool FromDevice) : IAuthorizationRequirement;
