using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wattline.Simulator.Cli;

/// <summary>Source-generated JSON for the simulator's state file.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SimulatorStateFile))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
