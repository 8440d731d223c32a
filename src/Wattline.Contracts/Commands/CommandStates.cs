namespace Wattline.Contracts.Commands;

/// <summary>
/// The lifecycle of a command, as wire names. <c>queued</c> → <c>sent</c> → <c>delivered</c> → <c>succeeded</c> or
/// <c>failed</c>; <c>timed_out</c> when a sent command has no result within its timeout; <c>expired</c> when the device
/// could not be reached before the command's expiry.
/// </summary>
public static class CommandStates
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Expired = "expired";

    public static IReadOnlyList<string> All { get; } = [Queued, Sent, Delivered, Succeeded, Failed, TimedOut, Expired];

    /// <summary>True for the states a command never leaves (a late result may still turn <c>timed_out</c> into an outcome).</summary>
    public static bool IsFinal(string state) => state is Succeeded or Failed or TimedOut or Expired;
}
