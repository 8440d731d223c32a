using Microsoft.AspNetCore.Mvc;

namespace Wattline.Server.Hosting;

/// <summary>Request size limits beyond the server-wide 1 MiB: management requests are small JSON documents.</summary>
public static class RequestLimits
{
    /// <summary>Largest body of an account, home or device management request.</summary>
    public const long ManagementBodyBytes = 64 * 1024;

    public static TBuilder WithManagementBodyLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(ManagementBodyBytes));
}
