using System.Text.Json;
using System.Text.Json.Serialization;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Homes;
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
[JsonSerializable(typeof(ImportResultDto))]
[JsonSerializable(typeof(ProvisionRequest))]
[JsonSerializable(typeof(ProvisionedDeviceDto))]
[JsonSerializable(typeof(ClaimCodeDto))]
[JsonSerializable(typeof(ClaimDeviceRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(MeDto))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyDto))]
[JsonSerializable(typeof(List<ApiKeyDto>))]
[JsonSerializable(typeof(CreatedApiKeyDto))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(List<UserDto>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(SetupStateDto))]
[JsonSerializable(typeof(HomeDto))]
[JsonSerializable(typeof(List<HomeDto>))]
[JsonSerializable(typeof(HomeRequest))]
[JsonSerializable(typeof(RetentionDto))]
[JsonSerializable(typeof(HomeStorageDto))]
[JsonSerializable(typeof(MemberDto))]
[JsonSerializable(typeof(List<MemberDto>))]
[JsonSerializable(typeof(MemberRoleRequest))]
[JsonSerializable(typeof(CreateInvitationRequest))]
[JsonSerializable(typeof(InvitationDto))]
[JsonSerializable(typeof(List<InvitationDto>))]
[JsonSerializable(typeof(CreatedInvitationDto))]
[JsonSerializable(typeof(AcceptInvitationRequest))]
[JsonSerializable(typeof(AuditEntryDto))]
[JsonSerializable(typeof(AuditPageDto))]
[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(CommandDto))]
[JsonSerializable(typeof(CommandPageDto))]
[JsonSerializable(typeof(DeviceCommandMessage))]
[JsonSerializable(typeof(PendingCommandsDto))]
[JsonSerializable(typeof(CommandResultMessage))]
public sealed partial class WattlineJsonContext : JsonSerializerContext;
