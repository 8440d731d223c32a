using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_AfterAcknowledgedReadings_AllReadingsStillThere()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-30).ToUnixTimeMilliseconds();
        var acknowledged = 0;
        await using (var device = await DeviceClient.ConnectAsync(server, created))
        {
            for (var i = 0; i < 300; i++)
            {
                var result = await device.PublishTelemetryAsync($$$"""{"ts":{{{start + (i * 1000)}}},"metrics":{"voltage":{{{220 + (i % 20)}}}.5}}""");
                if (result.IsSuccess)
                {
                    acknowledged++;
                }
            }
        }

        await server.RestartAsync();

        var series = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{created.Device.Id}/series/voltage?from={Query.Iso(start)}&to={Query.Iso(start + 300_000)}&maxPoints=10000",
            WattlineJsonContext.Default.SeriesDto);
        Assert.Equal(300, acknowledged);
        Assert.Equal(acknowledged, series!.Points.Sum(p => p.Count));
        var device2 = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}", WattlineJsonContext.Default.DeviceDto);
        Assert.Equal("Meter", device2!.Name);
        Assert.NotNull(device2.LastSeenAt);
    }
}
