using System.Text.Json.Serialization;

namespace Wattline.Server.Commands;

/// <summary>JSON of what the commands table keeps as text.</summary>
[JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
