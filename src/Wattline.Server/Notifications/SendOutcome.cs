namespace Wattline.Server.Notifications;

/// <summary>How one attempt to deliver went: delivered, or the reason it was not (shown to the home as the last error).</summary>
public sealed record SendOutcome(bool Delivered, string? Error)
{
    public static SendOutcome Success { get; } = new(true, null);

    public static SendOutcome Failure(string error) => new(false, error.Length <= 500 ? error : error[..500]);
}
