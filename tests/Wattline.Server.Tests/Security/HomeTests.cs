using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Homes;
using Wattline.Contracts.Live;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class HomeTests
{
    [Fact]
    public async Task Invitation_UsedOnce_SecondUseRefused()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var (_, late) = await server.CreateUserAsync("lucas");
        using var _ = late;
        var invitation = await house.OwnerA.Client.PostAsJsonAsync($"api/v1/homes/{house.HomeA.Id}/invitations", new CreateInvitationRequest("viewer"), WattlineJsonContext.Default.CreateInvitationRequest);
        var code = (await invitation.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedInvitationDto))!.Code;

        var first = await house.OwnerB.Client.PostAsJsonAsync("api/v1/invitations/accept", new AcceptInvitationRequest(code), WattlineJsonContext.Default.AcceptInvitationRequest);
        var second = await late.PostAsJsonAsync("api/v1/invitations/accept", new AcceptInvitationRequest(code), WattlineJsonContext.Default.AcceptInvitationRequest);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await late.GetAsync($"api/v1/homes/{house.HomeA.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await house.OwnerB.Client.GetAsync($"api/v1/devices/{house.DeviceA.Device.Id}/latest")).StatusCode);
        var listed = await house.OwnerA.Client.GetStringAsync($"api/v1/homes/{house.HomeA.Id}/invitations");
        Assert.DoesNotContain(code, listed, StringComparison.Ordinal);
        Assert.Contains("bruno", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveMember_AccessEndsAtOnceIncludingLiveFeed()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var token = (await server.LoginAsync("mark", "plenty-of-entropy-42")).AccessToken;
        await using var live = await LiveClient.ConnectAsAsync(server, token, house.DeviceA.Device.Id);

        var removed = await house.OwnerA.Client.DeleteAsync($"api/v1/homes/{house.HomeA.Id}/members/{house.MemberA.Id}");
        var upload = await server.UploadAsync(house.DeviceA.Device.Id, house.DeviceA.Token, """{"metrics":{"voltage":229.0}}""");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        upload.EnsureSuccessStatusCode();
        Assert.Null(await live.NextAsync(m => m.Type == LiveMessage.ReadingType, TimeSpan.FromSeconds(2)));
        Assert.Equal(HttpStatusCode.NotFound, (await house.MemberA.Client.GetAsync($"api/v1/devices/{house.DeviceA.Device.Id}/latest")).StatusCode);
        var audit = await house.OwnerA.Client.GetFromJsonAsync($"api/v1/homes/{house.HomeA.Id}/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(audit!.Entries, e => e.Action == "member.remove" && e.Target == "mark" && e.Actor == "olivia");
    }

    [Fact]
    public async Task LastOwner_CannotLeaveOrBeDemoted()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);

        var leave = await house.OwnerA.Client.DeleteAsync($"api/v1/homes/{house.HomeA.Id}/members/{house.OwnerA.Id}");
        var demote = await house.OwnerA.Client.PutAsJsonAsync(
            $"api/v1/homes/{house.HomeA.Id}/members/{house.OwnerA.Id}", new MemberRoleRequest("viewer"), WattlineJsonContext.Default.MemberRoleRequest);
        var viewerLeaves = await house.ViewerA.Client.DeleteAsync($"api/v1/homes/{house.HomeA.Id}/members/{house.ViewerA.Id}");
        var viewerRemovesMember = await house.ViewerA.Client.DeleteAsync($"api/v1/homes/{house.HomeA.Id}/members/{house.MemberA.Id}");

        Assert.Equal(HttpStatusCode.Conflict, leave.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, viewerLeaves.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viewerRemovesMember.StatusCode);
    }

    [Fact]
    public async Task Live_OtherHomesDevices_NeverDeliveredEvenWithWildcard()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        var token = (await server.LoginAsync("bruno", "plenty-of-entropy-42")).AccessToken;
        // Bruno asks for everything and for home A's device by name; only his own device may come.
        await using var live = await LiveClient.ConnectAsAsync(server, token, house.DeviceB.Device.Id);
        await live.SendAsync(new LiveSubscribeRequest(["*", house.DeviceA.Device.Id], null));

        (await server.UploadAsync(house.DeviceA.Device.Id, house.DeviceA.Token, """{"metrics":{"voltage":240.0}}""")).EnsureSuccessStatusCode();
        (await server.UploadAsync(house.DeviceB.Device.Id, house.DeviceB.Token, """{"metrics":{"voltage":235.0}}""")).EnsureSuccessStatusCode();
        var first = await live.NextAsync(m => m.Type == LiveMessage.ReadingType);

        // In order: the first reading being bruno's proves home A's (sent before it) never came.
        Assert.Equal(house.DeviceB.Device.Id, first!.DeviceId);
        Assert.Null(await live.NextAsync(m => m.DeviceId == house.DeviceA.Device.Id, TimeSpan.FromSeconds(1)));
    }
}
