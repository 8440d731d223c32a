namespace Wattline.Gateway.Buffer;

/// <summary>Unsent readings dropped to stay within the buffer's age or disk limit: how many, and the time span they covered.</summary>
public sealed record DroppedReadings(long Count, long OldestMs, long NewestMs, string Reason);
