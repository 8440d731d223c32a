using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Commands;

namespace Wattline.Server.Commands;

/// <summary>Commands as the API, the live feed and the devices see them.</summary>
public static class CommandMapping
{
    public static CommandDto ToDto(this DeviceCommand command) => new(
        command.CommandId,
        command.DeviceId,
        command.Name,
        ParseParams(command.Params),
        command.State,
        command.RequestedBy,
        command.Source,
        command.CreatedAt,
        command.ExpiresAt,
        command.TimeoutSeconds,
        command.Attempts,
        command.Path,
        command.SentAt,
        command.DeliveredAt,
        command.CompletedAt,
        command.Result is null ? null : JsonSerializer.Deserialize(command.Result, CommandJsonContext.Default.DictionaryStringDouble),
        command.Error);

    public static DeviceCommandMessage ToMessage(this DeviceCommand command) =>
        new(command.CommandId, command.Name, ParseParams(command.Params), command.ExpiresAt.ToUnixTimeMilliseconds());

    public static byte[] ToMessageJson(this DeviceCommand command) =>
        JsonSerializer.SerializeToUtf8Bytes(command.ToMessage(), WattlineJsonContext.Default.DeviceCommandMessage);

    private static JsonElement? ParseParams(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
