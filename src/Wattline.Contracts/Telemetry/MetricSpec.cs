namespace Wattline.Contracts.Telemetry;

/// <summary>A canonical metric as one kind of device may report it, with the physically possible range.</summary>
/// <param name="Name">Full canonical name, e.g. <c>voltage_l2</c> or <c>relay_1</c>.</param>
/// <param name="BaseName">Name without phase or relay suffix, e.g. <c>voltage</c>.</param>
/// <param name="Unit">SI unit symbol as stored, e.g. <c>W</c>, <c>Wh</c>, <c>V</c>.</param>
/// <param name="Min">Smallest possible value for this kind of device.</param>
/// <param name="Max">Largest possible value for this kind of device.</param>
/// <param name="Cumulative">True for ever-increasing counters (energy), which give consumption by difference.</param>
/// <param name="Binary">True when only 0 and 1 are valid (relay state).</param>
public sealed record MetricSpec(
    string Name,
    string BaseName,
    string Unit,
    double Min,
    double Max,
    bool Cumulative,
    bool Binary);
