namespace Wattline.Dashboard.Shared;

/// <summary>Server refusals as the dashboard shows them.</summary>
public static class Reasons
{
    /// <summary>The server words its reasons as fragments for API clients ("a device needs a name"); people read sentences.</summary>
    public static string AsSentence(string reason)
    {
        var text = reason.Trim();
        if (text.Length == 0)
        {
            return text;
        }

        var end = text.EndsWith('.') ? string.Empty : ".";
        return string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1), end);
    }
}
