using System.Text.Json.Serialization;

namespace Wattline.Contracts.Commands;

/// <summary>
/// What a device says about a command: <c>status</c> is <c>delivered</c> (received, executing), <c>succeeded</c> or
/// <c>failed</c>. <c>state</c> holds the readings the command changed as the device now measures them
/// (<c>{"relay_1":1}</c>, <c>{"power_limit":60}</c>); they are stored like telemetry. <c>error</c> says why it failed.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CommandResultMessage(string Id, string Status, IReadOnlyDictionary<string, double>? State = null, string? Error = null)
{
    public const string DeliveredStatus = "delivered";
    public const string SucceededStatus = "succeeded";
    public const string FailedStatus = "failed";
}
