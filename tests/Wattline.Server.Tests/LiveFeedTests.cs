using System.Diagnostics;
using Wattline.Contracts.Live;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class LiveFeedTests
{
    [Fact]
    public async Task Live_SubscribedDevicePublishes_ClientReceivesReading()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Meter", "three_phase_meter");
        await using var device = await DeviceClient.ConnectAsync(server, created);
        await using var live = await LiveClient.ConnectAsync(server, created.Device.Id);

        var published = Stopwatch.StartNew();
        await device.PublishTelemetryAsync("""{"metrics":{"active_power_l1":1234.5,"voltage_l1":231.1}}""");
        var reading = await live.NextAsync(m => m.Type == LiveMessage.ReadingType);
        published.Stop();

        Assert.NotNull(reading);
        Assert.Equal(created.Device.Id, reading.DeviceId);
        Assert.Equal(1234.5, reading.Metrics!["active_power_l1"]);
        TestContext.Current.TestOutputHelper?.WriteLine($"publish to live delivery: {published.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task Live_OtherDevicePublishes_ClientReceivesNothingOfIt()
    {
        await using var server = await WattlineServer.StartAsync();
        var mine = await server.CreateDeviceAsync("Mine", "smart_socket");
        var other = await server.CreateDeviceAsync("Other", "smart_socket");
        await using var otherDevice = await DeviceClient.ConnectAsync(server, other);
        await using var myDevice = await DeviceClient.ConnectAsync(server, mine);
        await using var live = await LiveClient.ConnectAsync(server, mine.Device.Id);

        await otherDevice.PublishTelemetryAsync("""{"metrics":{"active_power":999}}""");
        await myDevice.PublishTelemetryAsync("""{"metrics":{"active_power":5}}""");
        var first = await live.NextAsync(m => m.Type == LiveMessage.ReadingType);

        // Messages arrive in order, so the first reading being ours proves the other device's never came.
        Assert.Equal(mine.Device.Id, first!.DeviceId);
        Assert.Equal(5, first.Metrics!["active_power"]);
    }

    [Fact]
    public async Task Live_DeviceConnects_StatusOnlinePushed()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        await using var live = await LiveClient.ConnectAsync(server, created.Device.Id);

        await using var device = await DeviceClient.ConnectAsync(server, created);
        var status = await live.NextAsync(m => m.Type == LiveMessage.StatusType && m.Online == true);

        Assert.NotNull(status);
        Assert.Equal(created.Device.Id, status.DeviceId);
    }
}
