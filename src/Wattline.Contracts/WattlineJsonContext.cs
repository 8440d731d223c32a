using System.Text.Json;
using System.Text.Json.Serialization;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Live;
using Wattline.Contracts.Series;

namespace Wattline.Contracts;

/// <summary>Source-generated JSON for every wire type: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateDeviceRequest))]
[JsonSerializable(typeof(RenameDeviceRequest))]
[JsonSerializable(typeof(DeviceDto))]
[JsonSerializable(typeof(List<DeviceDto>))]
[JsonSerializable(typeof(CreatedDeviceDto))]
[JsonSerializable(typeof(DeviceTokenDto))]
[JsonSerializable(typeof(DeviceSigningKeyDto))]
[JsonSerializable(typeof(DeviceInfoMessage))]
[JsonSerializable(typeof(LiveMessage))]
[JsonSerializable(typeof(LiveSubscribeRequest))]
[JsonSerializable(typeof(List<LatestValueDto>))]
[JsonSerializable(typeof(SeriesDto))]
[JsonSerializable(typeof(EnergyDto))]
public sealed partial class WattlineJsonContext : JsonSerializerContext;
