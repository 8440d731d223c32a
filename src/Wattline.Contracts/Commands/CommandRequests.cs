using System.Text.Json;

namespace Wattline.Contracts.Commands;

/// <summary>The built-in commands as requests, with their parameters as the rules in <see cref="CommandRules"/> read them.</summary>
public static class CommandRequests
{
    /// <summary><paramref name="action"/> is <see cref="CommandNames.On"/>, <see cref="CommandNames.Off"/> or <see cref="CommandNames.Toggle"/>.</summary>
    public static CommandRequest Relay(int relay, string action) =>
        new(CommandNames.Relay, Parameters(writer =>
        {
            writer.WriteNumber("relay", relay);
            writer.WriteString("action", action);
        }));

    public static CommandRequest PowerLimit(double percent) =>
        new(CommandNames.PowerLimit, Parameters(writer => writer.WriteNumber("percent", percent)));

    public static CommandRequest ReportInterval(int seconds) =>
        new(CommandNames.ReportInterval, Parameters(writer => writer.WriteNumber("seconds", seconds)));

    public static CommandRequest Reboot() => new(CommandNames.Reboot);

    private static JsonElement Parameters(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
