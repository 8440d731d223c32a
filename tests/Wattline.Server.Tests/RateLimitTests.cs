using System.Net;
using System.Net.Http.Json;
using MQTTnet;
using Wattline.Contracts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class RateLimitTests
{
    // Three uploads at once, then one an hour: the fourth upload in a row is over the limit.
    private static readonly Dictionary<string, string?> TightLimit = new()
    {
        ["Wattline:Ingest:UploadsPerSecond"] = "0.0003",
        ["Wattline:Ingest:Burst"] = "3",
        ["Wattline:Ingest:MqttMaxWait"] = "00:00:00.200",
    };

    [Fact]
    public async Task HttpUpload_OverDeviceLimit_429WithRetryAfterAndEarlierReadingsKept()
    {
        await using var server = await WattlineServer.StartAsync(TightLimit);
        var flooder = await server.CreateDeviceAsync("Flooder", "single_phase_meter");
        var neighbour = await server.CreateDeviceAsync("Neighbour", "single_phase_meter");

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await PostAsync(server, flooder.Device.Id, flooder.Token, 230 + i)).StatusCode);
        }

        var refused = await PostAsync(server, flooder.Device.Id, flooder.Token, 240);
        var other = await PostAsync(server, neighbour.Device.Id, neighbour.Token, 231);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // The limit is per device: the neighbour is not affected, and the flooder's accepted readings stay.
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{flooder.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(232, Assert.Single(latest!).Value);
    }

    [Fact]
    public async Task MqttUpload_OverDeviceLimit_RefusedWithQuotaExceeded()
    {
        await using var server = await WattlineServer.StartAsync(TightLimit);
        var created = await server.CreateDeviceAsync("Flooder", "single_phase_meter");
        await using var device = await DeviceClient.ConnectAsync(server, created);

        var results = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 4; i++)
        {
            results.Add((await device.PublishTelemetryAsync($$$"""{"metrics":{"voltage":{{{230 + i}}}}}""")).ReasonCode);
        }

        Assert.Equal(
            [MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.QuotaExceeded],
            results);
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(232, Assert.Single(latest!).Value);
    }

    private static Task<HttpResponseMessage> PostAsync(WattlineServer server, string id, string token, double voltage) =>
        server.UploadAsync(id, token, $$$"""{"metrics":{"voltage":{{{voltage}}}}}""");
}
