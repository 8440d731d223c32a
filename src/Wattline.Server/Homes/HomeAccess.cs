namespace Wattline.Server.Homes;

/// <summary>What the home authorization resolved for the current request.</summary>
public static class HomeAccess
{
    internal const string ItemKey = "wattline.home";

    /// <summary>The home the request was authorized for (set by the home and device policies).</summary>
    public static string HomeId(HttpContext context) =>
        context.Items[ItemKey] as string ?? throw new InvalidOperationException("The endpoint has no home policy.");
}
