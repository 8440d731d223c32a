using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Homes;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliHomesTests
{
    [Fact]
    public async Task Claim_CodeFromProvisioning_AttachesTheDeviceToTheHome()
    {
        await using var server = await WattlineServer.StartAsync();
        var provision = await server.Anonymous.PostAsJsonAsync("api/v1/provision", new ProvisionRequest("Garage socket", "smart_socket"), WattlineJsonContext.Default.ProvisionRequest);
        var provisioned = (await provision.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.ProvisionedDeviceDto))!;
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();

        var (code, output, error) = await cli.RunAsync("claim", provisioned.ClaimCode.ToLowerInvariant());
        var devices = await server.Http.GetFromJsonAsync($"api/v1/devices?homeId={server.HomeId}", WattlineJsonContext.Default.ListDeviceDto);

        Assert.True(code == 0, error);
        Assert.Contains($"Claimed Garage socket (smart_socket) as {provisioned.DeviceId}", output, StringComparison.Ordinal);
        Assert.Equal(provisioned.DeviceId, Assert.Single(devices!).Id);
    }

    [Fact]
    public async Task Claim_UnknownCode_NamesTheFieldAndFails()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server).With(CliSandbox.ApiKeyVariable, server.AdminKey);

        var (code, _, error) = await cli.RunAsync("claim", "ABCD-EFGH");

        Assert.Equal(1, code);
        Assert.Contains("code: unknown, already used or expired", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimAndDevicesAdd_SeveralOwnedHomes_AskForHomeThenUseIt()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.Http.PostAsJsonAsync("api/v1/homes", new HomeRequest("Holiday flat"), WattlineJsonContext.Default.HomeRequest);
        var flat = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.HomeDto))!;
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();

        var (claimCode, _, claimError) = await cli.RunAsync("claim", "ABCD-EFGH");
        var (addCode, _, addError) = await cli.RunAsync("devices", "add", "Heater", "--kind", "smart_socket");
        var (addHomeCode, _, _) = await cli.RunAsync("devices", "add", "Heater", "--kind", "smart_socket", "--home", flat.Id);
        var (listCode, listed, _) = await cli.RunAsync("devices", "list", "--home", flat.Id);
        var (_, homes, _) = await cli.RunAsync("homes");

        Assert.Equal(2, claimCode);
        Assert.Contains("--home", claimError, StringComparison.Ordinal);
        Assert.Contains(flat.Id, claimError, StringComparison.Ordinal);
        Assert.Equal(1, addCode);
        Assert.Contains("homeId (--home): you own several homes", addError, StringComparison.Ordinal);
        Assert.Equal(0, addHomeCode);
        Assert.Equal(0, listCode);
        Assert.Contains("Heater", listed, StringComparison.Ordinal);
        Assert.Contains("Holiday flat", homes, StringComparison.Ordinal);
        Assert.Contains("Admin home", homes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Homes_MemberOfAnotherHome_ShowsEachRole()
    {
        await using var server = await WattlineServer.StartAsync();
        var (userId, _) = await server.CreateUserAsync("guest");
        var invitation = await server.Http.PostAsJsonAsync(
            $"api/v1/homes/{server.HomeId}/invitations", new CreateInvitationRequest("viewer"), WattlineJsonContext.Default.CreateInvitationRequest);
        var code = (await invitation.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedInvitationDto))!.Code;
        var tokens = await server.LoginAsync("guest", "plenty-of-entropy-42");
        using var guest = server.ClientWith(tokens.AccessToken);
        (await guest.PostAsJsonAsync("api/v1/invitations/accept", new AcceptInvitationRequest(code), WattlineJsonContext.Default.AcceptInvitationRequest)).EnsureSuccessStatusCode();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync("guest", "plenty-of-entropy-42");

        var (homesCode, homes, _) = await cli.RunAsync("homes");
        var (addCode, _, addError) = await cli.RunAsync("devices", "add", "Lamp", "--kind", "smart_socket", "--home", server.HomeId);

        Assert.NotEmpty(userId);
        Assert.Equal(0, homesCode);
        Assert.Contains("Admin home", homes, StringComparison.Ordinal);
        Assert.Contains("viewer", homes, StringComparison.Ordinal);
        Assert.Equal(1, addCode);
        Assert.Contains("not a home you own", addError, StringComparison.Ordinal);
    }
}
