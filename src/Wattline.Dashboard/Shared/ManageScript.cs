namespace Wattline.Dashboard.Shared;

/// <summary>Where the JavaScript module of the device management views (copying, selecting) is served from.</summary>
public static class ManageScript
{
    public const string Path = "./_content/Wattline.Dashboard/manage.js";
}
