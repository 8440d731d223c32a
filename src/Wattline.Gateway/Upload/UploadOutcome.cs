namespace Wattline.Gateway.Upload;

/// <summary>
/// How an upload ended: stored (or already there), refused for good, to be sent again later, waiting for the meters to
/// be declared, or signed with a nonce the server has seen (the gateway's counter then jumps past the server's).
/// </summary>
public enum UploadOutcome
{
    Stored,
    Refused,
    TryLater,
    UndeclaredMeters,
    NonceBehind,
}
