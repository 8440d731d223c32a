using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class UnclaimedDeviceCleanupTests
{
    [Fact]
    public async Task Sweep_NineDaysLater_RemovesOnlySilentUnclaimedDevices()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:Devices:StatusFlushInterval"] = "00:00:01" });
        var abandoned = await ProvisionAsync(server, "Forgotten plug");
        var talking = await ProvisionAsync(server, "Plug on the shelf");
        var owned = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var services = server.Services;

        // The sweeper alone lives nine days ahead; the device that talks is seen "later" than its cutoff.
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(9));
        var dbFactory = services.GetRequiredService<IDbContextFactory<WattlineDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Devices.Where(d => d.Id == talking.DeviceId).ExecuteUpdateAsync(u => u.SetProperty(d => d.LastSeenAt, later.GetUtcNow().AddDays(-1)));
        }

        var sweeper = new UnclaimedDeviceCleanup(dbFactory, services.GetRequiredService<DeviceRegistry>(), services.GetRequiredService<AuditLog>(), later, NullLogger<UnclaimedDeviceCleanup>.Instance);

        var removed = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.UploadAsync(abandoned.DeviceId, abandoned.Token, """{"metrics":{"voltage":230}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.UploadAsync(talking.DeviceId, talking.Token, """{"metrics":{"voltage":230}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.UploadAsync(owned.Device.Id, owned.Token, """{"metrics":{"voltage":230}}""")).StatusCode);
        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(audit!.Entries, e => e.Action == "device.abandoned" && e.Target == abandoned.DeviceId);
    }

    private static async Task<ProvisionedDeviceDto> ProvisionAsync(WattlineServer server, string name)
    {
        var response = await server.Anonymous.PostAsJsonAsync("api/v1/provision", new ProvisionRequest(name, "smart_socket"), WattlineJsonContext.Default.ProvisionRequest);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.ProvisionedDeviceDto))!;
    }
}
