using Wattline.Contracts.Commands;

namespace Wattline.Server.Commands;

/// <summary>
/// A command to a device and its lifecycle (<see cref="CommandStates"/>). <see cref="CommandId"/> is what the device
/// sees and executes once; it is unique per device, so a caller may choose it to make a request idempotent.
/// </summary>
public sealed class DeviceCommand
{
    public const int MaxIdLength = 64;

    /// <summary>Order of creation; pages of commands go by it.</summary>
    public long Seq { get; set; }

    public required string CommandId { get; init; }

    public required string DeviceId { get; init; }

    public string? HomeId { get; init; }

    public required string Name { get; init; }

    /// <summary>The parameter object as JSON text, or null.</summary>
    public string? Params { get; init; }

    public string State { get; set; } = CommandStates.Queued;

    /// <summary>Who asked: a user's name, or the schedule, scene or rule that acted.</summary>
    public required string RequestedBy { get; init; }

    public string? RequestedByUserId { get; init; }

    /// <summary>What issued it: <c>user</c>, <c>schedule</c>, <c>scene</c> or <c>rule</c>.</summary>
    public required string Source { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public int TimeoutSeconds { get; init; }

    public int Attempts { get; set; }

    /// <summary>How it last went to the device: <c>mqtt</c>, <c>http</c> or <c>websocket</c>.</summary>
    public string? Path { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? LastSentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The readings the device reported with its result, as JSON text.</summary>
    public string? Result { get; set; }

    public string? Error { get; set; }
}
