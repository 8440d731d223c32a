using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class AuditTests
{
    [Fact]
    public async Task DeviceLifecycle_EachStepInHomeLogWithActorAndAddress()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Heat pump", "three_phase_meter");
        await server.Http.PatchAsJsonAsync($"api/v1/devices/{device.Device.Id}", new RenameDeviceRequest("Heat pump (cellar)"), WattlineJsonContext.Default.RenameDeviceRequest);
        await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/token", null);
        await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/signing", null);
        await server.Http.DeleteAsync($"api/v1/devices/{device.Device.Id}");

        var page = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/audit", WattlineJsonContext.Default.AuditPageDto);

        var actions = page!.Entries.Where(e => e.Target == device.Device.Id).Select(e => e.Action).ToList();
        Assert.Equal(["device.delete", "device.signing-key-issue", "device.token-rotate", "device.rename", "device.create"], actions);
        Assert.All(page.Entries.Where(e => e.Target == device.Device.Id), e =>
        {
            Assert.Equal(WattlineServer.AdminName, e.Actor);
            Assert.Equal("127.0.0.1", e.RemoteAddress);
            Assert.Equal(server.HomeId, e.HomeId);
        });
        Assert.DoesNotContain(page.Entries, e => e.Detail?.Contains("wlt_", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AuditLog_Paged_OlderEntriesFollowWithoutOverlap()
    {
        await using var server = await WattlineServer.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            await server.CreateDeviceAsync("Meter " + i, "single_phase_meter");
        }

        var first = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/audit?limit=5", WattlineJsonContext.Default.AuditPageDto);
        var second = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/audit?limit=5&before={first!.NextBefore}", WattlineJsonContext.Default.AuditPageDto);

        Assert.Equal(5, first.Entries.Count);
        Assert.Empty(first.Entries.Select(e => e.Id).Intersect(second!.Entries.Select(e => e.Id)));
        Assert.True(first.Entries.Min(e => e.Id) > second.Entries.Max(e => e.Id));
        // Home creation at setup and seven device registrations.
        Assert.Equal(8, first.Entries.Count + second.Entries.Count);
        Assert.Null(second.NextBefore);
    }

    [Fact]
    public async Task AuditRoutes_OnlyRead_NothingChangesOrDeletesEntries()
    {
        await using var server = await WattlineServer.StartAsync();

        var auditEndpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.RoutePattern.RawText.Contains("audit", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2, auditEndpoints.Count);
        Assert.All(auditEndpoints, e => Assert.Equal(["GET"], e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods));
    }
}
