using Microsoft.AspNetCore.Mvc;

namespace Wattline.Server.Hosting;

/// <summary>
/// Request size limits beyond the server-wide 1 MiB: management requests are small JSON documents; an import of
/// readings is a file of years of history, read as a stream and never held in memory whole.
/// </summary>
public static class RequestLimits
{
    /// <summary>Largest body of an account, home or device management request.</summary>
    public const long ManagementBodyBytes = 64 * 1024;

    /// <summary>Largest CSV file of readings one import takes (512 MiB, some ten million readings); larger histories go in several files.</summary>
    public const long ImportBodyBytes = 512L * 1024 * 1024;

    public static TBuilder WithManagementBodyLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(ManagementBodyBytes));

    public static TBuilder WithImportBodyLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(ImportBodyBytes));
}
