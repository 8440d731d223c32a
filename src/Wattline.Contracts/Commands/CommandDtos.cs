using System.Text.Json;

namespace Wattline.Contracts.Commands;

/// <summary>
/// Body of <c>POST /api/v1/devices/{id}/commands</c>. <paramref name="Id"/> is optional: sending the same id again
/// returns the command already made instead of a second one. Timeout and expiry default to the server's settings.
/// </summary>
public sealed record CommandRequest(string Name, JsonElement? Params = null, string? Id = null, int? TimeoutSeconds = null, int? ExpiresInSeconds = null);

/// <summary>A command and where it stands, as the API and the live feed show it.</summary>
public sealed record CommandDto(
    string Id,
    string DeviceId,
    string Name,
    JsonElement? Params,
    string State,
    string RequestedBy,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int TimeoutSeconds,
    int Attempts,
    string? Path = null,
    DateTimeOffset? SentAt = null,
    DateTimeOffset? DeliveredAt = null,
    DateTimeOffset? CompletedAt = null,
    IReadOnlyDictionary<string, double>? Result = null,
    string? Error = null);

/// <summary>A page of a device's or a home's commands, newest first; <paramref name="Next"/> continues it.</summary>
public sealed record CommandPageDto(IReadOnlyList<CommandDto> Commands, string? Next);
