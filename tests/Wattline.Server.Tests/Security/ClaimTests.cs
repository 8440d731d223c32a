using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class ClaimTests
{
    [Fact]
    public async Task ClaimCode_WorksOnceForOneHome_ReleaseLetsAnotherHomeClaimWithoutOldReadings()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var provisioned = await ProvisionAsync(server, "Hall socket", "smart_socket");
        (await server.UploadAsync(provisioned.DeviceId, provisioned.Token, """{"metrics":{"voltage":230.0}}""")).EnsureSuccessStatusCode();

        // Typed by a person: lower case, no dash.
        var claimed = await ClaimAsync(house.OwnerA.Client, house.HomeA.Id, provisioned.ClaimCode.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        var again = await ClaimAsync(house.OwnerB.Client, house.HomeB.Id, provisioned.ClaimCode);
        var codeWhileClaimed = await NewCodeAsync(server, provisioned);

        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, codeWhileClaimed.StatusCode);
        Assert.Contains(await house.ViewerA.Client.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto) ?? [], d => d.Id == provisioned.DeviceId);
        Assert.NotEmpty((await house.OwnerA.Client.GetFromJsonAsync($"api/v1/devices/{provisioned.DeviceId}/latest", WattlineJsonContext.Default.ListLatestValueDto))!);

        var release = await house.OwnerA.Client.PostAsync($"api/v1/devices/{provisioned.DeviceId}/release", null);
        var fresh = await NewCodeAsync(server, provisioned);
        var code = (await fresh.Content.ReadFromJsonAsync(WattlineJsonContext.Default.ClaimCodeDto))!.ClaimCode;
        var claimedByB = await ClaimAsync(house.OwnerB.Client, house.HomeB.Id, code);

        Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        Assert.Equal(HttpStatusCode.OK, claimedByB.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await house.OwnerA.Client.GetAsync($"api/v1/devices/{provisioned.DeviceId}")).StatusCode);
        Assert.Empty((await house.OwnerB.Client.GetFromJsonAsync($"api/v1/devices/{provisioned.DeviceId}/latest", WattlineJsonContext.Default.ListLatestValueDto))!);
        var auditA = await house.OwnerA.Client.GetFromJsonAsync($"api/v1/homes/{house.HomeA.Id}/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(auditA!.Entries, e => e.Action == "device.claim" && e.Target == provisioned.DeviceId && e.Actor == "olivia");
        Assert.Contains(auditA.Entries, e => e.Action == "device.release" && e.Target == provisioned.DeviceId);
        var auditB = await house.OwnerB.Client.GetFromJsonAsync($"api/v1/homes/{house.HomeB.Id}/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(auditB!.Entries, e => e.Action == "device.claim" && e.Outcome == "failed");
    }

    [Fact]
    public async Task UnclaimedDevice_InNoHome_VisibleToNobody()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var provisioned = await ProvisionAsync(server, "Loose meter", "single_phase_meter");

        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"api/v1/devices/{provisioned.DeviceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await house.OwnerA.Client.GetAsync($"api/v1/devices/{provisioned.DeviceId}/latest")).StatusCode);
        Assert.DoesNotContain(await server.Http.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto) ?? [], d => d.Id == provisioned.DeviceId);
        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", provisioned.ClaimCode);
    }

    [Fact]
    public async Task Claim_MemberNotOwner_Forbidden()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var provisioned = await ProvisionAsync(server, "Loose meter", "single_phase_meter");

        var response = await ClaimAsync(house.MemberA.Client, house.HomeA.Id, provisioned.ClaimCode);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<ProvisionedDeviceDto> ProvisionAsync(WattlineServer server, string name, string kind)
    {
        var response = await server.Anonymous.PostAsJsonAsync("api/v1/provision", new ProvisionRequest(name, kind), WattlineJsonContext.Default.ProvisionRequest);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.ProvisionedDeviceDto))!;
    }

    private static Task<HttpResponseMessage> ClaimAsync(HttpClient client, string homeId, string code) =>
        client.PostAsJsonAsync($"api/v1/homes/{homeId}/claims", new ClaimDeviceRequest(code), WattlineJsonContext.Default.ClaimDeviceRequest);

    private static Task<HttpResponseMessage> NewCodeAsync(WattlineServer server, ProvisionedDeviceDto device) =>
        server.UploadAsync(device.DeviceId, device.Token, "", "claim-code");
}
