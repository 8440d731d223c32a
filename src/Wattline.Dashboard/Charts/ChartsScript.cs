namespace Wattline.Dashboard.Charts;

/// <summary>Where the dashboard's JavaScript module is served from.</summary>
public static class ChartsScript
{
    public const string Path = "./_content/Wattline.Dashboard/charts.js";
}
