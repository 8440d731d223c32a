using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class SignedUploadTests
{
    [Fact]
    public async Task SignedUploads_ReplayTamperAndUnsigned_RefusedAcrossRestart()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var id = device.Device.Id;
        var enabled = await server.Http.PostAsync($"api/v1/devices/{id}/signing", null);
        var key = Convert.FromBase64String((await enabled.Content.ReadFromJsonAsync(WattlineJsonContext.Default.DeviceSigningKeyDto))!.Key);

        var first = SignedEnvelope.Seal(id, key, 1, """{"metrics":{"voltage":230.1}}""");
        var accepted = await PostAsync(server, device.Token, id, first);
        var replayed = await PostAsync(server, device.Token, id, first);
        var unsigned = await PostAsync(server, device.Token, id, """{"metrics":{"voltage":231}}"""u8.ToArray());
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(SignedEnvelope.Seal(id, key, 2, """{"metrics":{"voltage":230.2}}""")).Replace("230.2", "239.9", StringComparison.Ordinal));
        var altered = await PostAsync(server, device.Token, id, tampered);
        var otherKey = await PostAsync(server, device.Token, id, SignedEnvelope.Seal(id, new byte[32], 3, """{"metrics":{"voltage":230.3}}"""));
        var second = SignedEnvelope.Seal(id, key, 5, """{"metrics":{"voltage":230.5}}""");
        var later = await PostAsync(server, device.Token, id, second);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("nonce", await FieldAsync(replayed));
        Assert.Equal("metrics", await FieldAsync(unsigned));
        Assert.Equal("hmac", await FieldAsync(altered));
        Assert.Equal("hmac", await FieldAsync(otherKey));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);

        await server.RestartAsync();

        Assert.Equal("nonce", await FieldAsync(await PostAsync(server, device.Token, id, second)));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, device.Token, id, SignedEnvelope.Seal(id, key, 6, """{"metrics":{"voltage":230.6}}"""))).StatusCode);
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(230.6, Assert.Single(latest!).Value);
        var database = await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "wattline.db"));
        Assert.DoesNotContain(Convert.ToBase64String(key), Encoding.ASCII.GetString(database), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedUpload_OverMqtt_StoredAndReplayRefused()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        var enabled = await server.Http.PostAsync($"api/v1/devices/{created.Device.Id}/signing", null);
        var key = Convert.FromBase64String((await enabled.Content.ReadFromJsonAsync(WattlineJsonContext.Default.DeviceSigningKeyDto))!.Key);
        await using var device = await DeviceClient.ConnectAsync(server, created);
        var envelope = Encoding.UTF8.GetString(SignedEnvelope.Seal(created.Device.Id, key, 1_795_435_200_000, """{"metrics":{"active_power":12.5}}"""));

        var first = await device.PublishTelemetryAsync(envelope);
        var replay = await device.PublishTelemetryAsync(envelope);

        Assert.True(first.IsSuccess);
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.PayloadFormatInvalid, replay.ReasonCode);
        Assert.Contains("nonce", replay.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableSigning_PlainUploadsAcceptedAgain()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/signing", null);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"api/v1/devices/{device.Device.Id}/signing")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, device.Token, device.Device.Id, """{"metrics":{"voltage":231}}"""u8.ToArray())).StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(WattlineServer server, string token, string id, byte[] body) =>
        server.UploadAsync(id, token, body);

    private static async Task<string> FieldAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Single().Name;
    }
}
