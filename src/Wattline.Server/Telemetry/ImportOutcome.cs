namespace Wattline.Server.Telemetry;

/// <summary>
/// What an import of readings did: the readings stored and their time span, the lines refused (all counted,
/// the first few with their reasons), and why it stopped early, if it did.
/// </summary>
/// <param name="Points">Readings stored durably.</param>
/// <param name="EarliestMs">Time of the earliest stored reading, null when none was stored.</param>
/// <param name="LatestMs">Time of the latest stored reading, null when none was stored.</param>
/// <param name="Lines">Lines read, the header and empty lines included.</param>
/// <param name="RefusedLines">Lines refused in all.</param>
/// <param name="Refusals">The first refused lines, by line number (from 1), with the reason.</param>
/// <param name="FailureStatus">HTTP status that explains an early stop (413: the file is too large; 503: the store failed), or null.</param>
/// <param name="Failure">Why the import stopped early and from which line nothing was stored; null when it read the whole file.</param>
public sealed record ImportOutcome(
    long Points,
    long? EarliestMs,
    long? LatestMs,
    long Lines,
    long RefusedLines,
    IReadOnlyList<(long Line, string Reason)> Refusals,
    int? FailureStatus,
    string? Failure);
