using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wattline.Cli;

/// <summary>Source-generated JSON for the files the command keeps.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CredentialsFile))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
