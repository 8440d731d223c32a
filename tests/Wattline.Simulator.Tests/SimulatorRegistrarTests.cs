using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Simulator.Cli;

namespace Wattline.Simulator.Tests;

public sealed class SimulatorRegistrarTests : IDisposable
{
    private static readonly Uri Server = new("http://wattline.local:8080/");
    private static readonly PlannedDevice Fridge = new("Fridge", DeviceKind.SmartSocket, "fridge", 1, 7);
    private static readonly DeviceConnectionHints Hints = new(1883, 0, "d", "t", "i", "s", "st", "/api");
    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-sim-registrar-").FullName;
    private readonly StringWriter _output = new();
    private readonly List<HttpRequestMessage> _requests = [];
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Register_KeptDeviceAlreadyClaimed_ReusesItWithoutCode()
    {
        var state = await StateWithAsync(new KeptDevice("Fridge", "smart_socket", 1, "kept1", "wlt_kept"));
        var registrar = Registrar(state, apiKey: null, _ => Answer(HttpStatusCode.Conflict));

        var specs = await registrar.RegisterAsync([Fridge], new Progress<int>(), CancellationToken.None);

        Assert.Equal("kept1", Assert.Single(specs).DeviceId);
        var request = Assert.Single(_requests);
        Assert.Equal("/api/v1/devices/kept1/claim-code", request.RequestUri!.AbsolutePath);
        Assert.Equal("wlt_kept", request.Headers.Authorization?.Parameter);
        Assert.DoesNotContain("Claim code", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_KeptDeviceStillUnclaimed_PrintsItsFreshCode()
    {
        var state = await StateWithAsync(new KeptDevice("Fridge", "smart_socket", 1, "kept1", "wlt_kept"));
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 0, TimeSpan.Zero);
        var registrar = Registrar(state, apiKey: null, _ => Answer(HttpStatusCode.OK, new ClaimCodeDto("kept1", "ABCD-EFGH", expires), WattlineJsonContext.Default.ClaimCodeDto));

        var specs = await registrar.RegisterAsync([Fridge], new Progress<int>(), CancellationToken.None);

        Assert.Equal("kept1", Assert.Single(specs).DeviceId);
        Assert.True(registrar.AnnouncedClaimCodes);
        Assert.Contains(
            "Claim code for \"Fridge\": ABCD-EFGH (enter it in Wattline under Home → Claim a device, valid until 2030-01-02 03:04 UTC)",
            _output.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_KeptDeviceUnknownToTheServer_ProvisionsANewOneAndKeepsIt()
    {
        var state = await StateWithAsync(new KeptDevice("Fridge", "smart_socket", 1, "gone", "wlt_gone"));
        var registrar = Registrar(state, apiKey: null, request => request.RequestUri!.AbsolutePath == "/api/v1/provision"
            ? Answer(HttpStatusCode.Created, Provisioned("new1"), WattlineJsonContext.Default.ProvisionedDeviceDto)
            : Answer(HttpStatusCode.Unauthorized));

        var specs = await registrar.RegisterAsync([Fridge], new Progress<int>(), CancellationToken.None);

        Assert.Equal("new1", Assert.Single(specs).DeviceId);
        Assert.Equal("new1", state.Find(Server, Fridge)?.DeviceId);
        Assert.Contains("Claim code for \"Fridge\": WXYZ-2345", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ProvisioningRateLimited_WaitsAsToldThenRegisters()
    {
        var state = await StateWithAsync();
        var calls = 0;
        var registrar = Registrar(state, apiKey: null, _ =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return Answer(HttpStatusCode.Created, Provisioned("new1"), WattlineJsonContext.Default.ProvisionedDeviceDto);
            }

            var limited = Answer(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
            return limited;
        });

        var run = registrar.RegisterAsync([Fridge], new Progress<int>(), CancellationToken.None);
        for (var step = 0; !run.IsCompleted && step < 100_000; step++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Assert.Equal("new1", Assert.Single(await run).DeviceId);
        Assert.Equal(2, calls);
        Assert.Contains("waiting 30 s", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithApiKey_RegistersIntoTheHomeWithTheKey()
    {
        var state = await StateWithAsync();
        string? body = null;
        var registrar = Registrar(state, apiKey: "wlk_key", request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            var device = new DeviceDto("new1", "Fridge", "smart_socket", 1, false, DateTimeOffset.UnixEpoch, null, null, null, [], "home1");
            return Answer(HttpStatusCode.Created, new CreatedDeviceDto(device, "wlt_new", Hints), WattlineJsonContext.Default.CreatedDeviceDto);
        }, homeId: "home1");

        var specs = await registrar.RegisterAsync([Fridge], new Progress<int>(), CancellationToken.None);

        var request = Assert.Single(_requests);
        Assert.Equal("/api/v1/devices", request.RequestUri!.AbsolutePath);
        Assert.Equal("wlk_key", request.Headers.Authorization?.Parameter);
        Assert.Contains("\"homeId\":\"home1\"", body, StringComparison.Ordinal);
        Assert.Equal("wlt_new", Assert.Single(specs).Token);
        Assert.False(registrar.AnnouncedClaimCodes);
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<SimulatorState> StateWithAsync(params KeptDevice[] devices)
    {
        var state = await SimulatorState.LoadAsync(Path.Combine(_folder, "simulator.json"), CancellationToken.None);
        foreach (var device in devices)
        {
            state.Keep(Server, device);
        }

        return state;
    }

    private DeviceRegistrar Registrar(SimulatorState state, string? apiKey, Func<HttpRequestMessage, HttpResponseMessage> answer, string? homeId = null)
    {
        var http = new HttpClient(new StubHandler(request =>
        {
            lock (_requests)
            {
                _requests.Add(request);
            }

            return answer(request);
        }))
        { BaseAddress = Server };
        return new DeviceRegistrar(new RegistrationApi(http, apiKey, homeId, _time), state, Server, TextWriter.Synchronized(_output), _time);
    }

    private static ProvisionedDeviceDto Provisioned(string id) => new(id, "wlt_" + id, "WXYZ-2345", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), Hints);

    private static HttpResponseMessage Answer(HttpStatusCode status) => new(status) { Content = new StringContent("") };

    private static HttpResponseMessage Answer<T>(HttpStatusCode status, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        new(status) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type)) };

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
