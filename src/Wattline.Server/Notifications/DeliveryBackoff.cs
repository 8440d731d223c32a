namespace Wattline.Server.Notifications;

/// <summary>
/// When a failed delivery is tried again: after 30 s, 2 min, 10 min, 30 min, 2 h and 6 h, so a receiver that is down
/// for most of a day still gets the message; after the seventh failed attempt the delivery is marked failed.
/// </summary>
public static class DeliveryBackoff
{
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(6),
    ];

    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>The wait after <paramref name="attempts"/> failed attempts, or null when it is time to give up.</summary>
    public static TimeSpan? After(int attempts) => attempts >= 1 && attempts <= Delays.Count ? Delays[attempts - 1] : null;
}
