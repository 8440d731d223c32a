namespace Wattline.Dashboard.Shared;

/// <summary>A number formatted for display and the unit it is expressed in (which may be scaled, e.g. kWh).</summary>
public readonly record struct FormattedValue(string Number, string Unit);
