using System.Text.Json;

namespace Wattline.Gateway.Polling;

/// <summary>A command for a meter, carried out on its bus between two polls; the task completes with the changed readings.</summary>
public sealed record MeterCommand(string Meter, string Name, JsonElement? Parameters, TaskCompletionSource<IReadOnlyDictionary<string, double>> Done);
