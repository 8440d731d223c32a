namespace Wattline.Server.Hosting;

/// <summary>The rule for names people give things (homes, scenes, schedules, rules): present, short, printable.</summary>
public static class DisplayNames
{
    /// <summary>Why <paramref name="name"/> cannot be used, or null when it can.</summary>
    public static string? Check(string? name, int maxLength) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > maxLength || name.Any(char.IsControl)
            ? $"required, at most {maxLength} characters, no control characters"
            : null;
}
