using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class DevicesApiTests
{
    [Fact]
    public async Task CreateDevice_ValidRequest_ReturnsTokenOnceAndListsDevice()
    {
        await using var server = await WattlineServer.StartAsync();

        var created = await server.CreateDeviceAsync("Washing machine", "smart_socket", relays: 2);

        Assert.StartsWith("wlt_", created.Token, StringComparison.Ordinal);
        Assert.Equal("wattline/v1/" + created.Device.Id + "/telemetry", created.Connect.TelemetryTopic);
        var listed = await server.Http.GetStringAsync("api/v1/devices");
        Assert.Contains("Washing machine", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Token, listed, StringComparison.Ordinal);
        var device = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}", WattlineJsonContext.Default.DeviceDto);
        Assert.Equal(2, device!.Relays);
        Assert.False(device.Online);
    }

    [Fact]
    public async Task CreateDevice_TokenStoredOnlyHashed()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Meter", "single_phase_meter");

        var database = await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "wattline.db"));

        Assert.DoesNotContain(created.Token, System.Text.Encoding.UTF8.GetString(database), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"X","kind":"toaster"}""", "kind")]
    [InlineData("""{"name":"","kind":"gateway"}""", "name")]
    [InlineData("""{"name":"X","kind":"smart_socket","relays":0}""", "relays")]
    [InlineData("""{"name":"X","kind":"three_phase_meter","relays":2}""", "relays")]
    public async Task CreateDevice_InvalidRequest_ProblemNamesField(string json, string field)
    {
        await using var server = await WattlineServer.StartAsync();

        var response = await server.Http.PostAsync("api/v1/devices", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal("[]", await server.Http.GetStringAsync("api/v1/devices"));
    }

    [Fact]
    public async Task RenameAndDelete_ExistingDevice_Applied()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Old", "gateway");
        var id = created.Device.Id;

        var renamed = await server.Http.PatchAsJsonAsync($"api/v1/devices/{id}", new RenameDeviceRequest("Attic gateway"), WattlineJsonContext.Default.RenameDeviceRequest);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains("Attic gateway", await server.Http.GetStringAsync($"api/v1/devices/{id}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"api/v1/devices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"api/v1/devices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.DeleteAsync($"api/v1/devices/{id}")).StatusCode);
    }

    [Fact]
    public async Task Healthz_RunningServer_Healthy()
    {
        await using var server = await WattlineServer.StartAsync();

        var response = await server.Http.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
