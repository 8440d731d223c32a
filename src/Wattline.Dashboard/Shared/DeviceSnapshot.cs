using Wattline.Contracts.Devices;
using Wattline.Contracts.Series;

namespace Wattline.Dashboard.Shared;

/// <summary>A device with its latest values, as loaded (and carried from prerendering to the live circuit).</summary>
public sealed record DeviceSnapshot(DeviceDto Device, IReadOnlyList<LatestValueDto> Latest);
