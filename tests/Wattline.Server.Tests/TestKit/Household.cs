using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Homes;

namespace Wattline.Server.Tests.TestKit;

/// <summary>
/// Two homes on one server: home A with its owner, a member and a viewer and one device with a reading;
/// home B with its own owner and device. The server's administrator belongs to neither.
/// </summary>
public sealed class Household : IDisposable
{
    private Household(WattlineServer server) => Server = server;

    public WattlineServer Server { get; }

    public required HomeDto HomeA { get; init; }

    public required HomeDto HomeB { get; init; }

    public required Person OwnerA { get; init; }

    public required Person MemberA { get; init; }

    public required Person ViewerA { get; init; }

    public required Person OwnerB { get; init; }

    public required CreatedDeviceDto DeviceA { get; init; }

    public required CreatedDeviceDto DeviceB { get; init; }

    /// <summary>A signed-in user: id, name, and a client with an access token.</summary>
    public sealed record Person(string Id, string Name, HttpClient Client);

    public static async Task<Household> CreateAsync(WattlineServer server)
    {
        var ownerA = await PersonAsync(server, "olivia");
        var memberA = await PersonAsync(server, "mark");
        var viewerA = await PersonAsync(server, "vera");
        var ownerB = await PersonAsync(server, "bruno");
        var homeA = await HomeAsync(ownerA, "Maple Street");
        var homeB = await HomeAsync(ownerB, "Birch Lane");
        await InviteAsync(ownerA, homeA.Id, memberA, "member");
        await InviteAsync(ownerA, homeA.Id, viewerA, "viewer");
        var deviceA = await DeviceAsync(ownerA, homeA.Id, "Kitchen meter");
        var deviceB = await DeviceAsync(ownerB, homeB.Id, "Garage meter");
        // Different values per home, so that a value on a page tells whose it is.
        (await server.UploadAsync(deviceA.Device.Id, deviceA.Token, """{"metrics":{"voltage":231.5,"energy_import":12.5}}""")).EnsureSuccessStatusCode();
        (await server.UploadAsync(deviceB.Device.Id, deviceB.Token, """{"metrics":{"voltage":228.25,"energy_import":3.75}}""")).EnsureSuccessStatusCode();

        return new Household(server)
        {
            HomeA = homeA,
            HomeB = homeB,
            OwnerA = ownerA,
            MemberA = memberA,
            ViewerA = viewerA,
            OwnerB = ownerB,
            DeviceA = deviceA,
            DeviceB = deviceB,
        };
    }

    public static async Task InviteAsync(Person owner, string homeId, Person invitee, string role)
    {
        var invitation = await owner.Client.PostAsJsonAsync($"api/v1/homes/{homeId}/invitations", new CreateInvitationRequest(role), WattlineJsonContext.Default.CreateInvitationRequest);
        var code = (await invitation.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedInvitationDto))!.Code;
        var accepted = await invitee.Client.PostAsJsonAsync("api/v1/invitations/accept", new AcceptInvitationRequest(code), WattlineJsonContext.Default.AcceptInvitationRequest);
        accepted.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        foreach (var person in new[] { OwnerA, MemberA, ViewerA, OwnerB })
        {
            person.Client.Dispose();
        }
    }

    private static async Task<Person> PersonAsync(WattlineServer server, string name)
    {
        var (id, client) = await server.CreateUserAsync(name);
        return new Person(id, name, client);
    }

    private static async Task<HomeDto> HomeAsync(Person owner, string name)
    {
        var response = await owner.Client.PostAsJsonAsync("api/v1/homes", new HomeRequest(name), WattlineJsonContext.Default.HomeRequest);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.HomeDto))!;
    }

    private static async Task<CreatedDeviceDto> DeviceAsync(Person owner, string homeId, string name)
    {
        var response = await owner.Client.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest(name, "single_phase_meter", HomeId: homeId), WattlineJsonContext.Default.CreateDeviceRequest);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
    }
}
