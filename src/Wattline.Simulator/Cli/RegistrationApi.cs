using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wattline.Contracts;
using Wattline.Contracts.Devices;

namespace Wattline.Simulator.Cli;

/// <summary>
/// The server calls that give the simulator its devices: registering into a home with an API key
/// (<c>POST /api/v1/devices</c>), provisioning without one (<c>POST /api/v1/provision</c>, the device then
/// shows a claim code), and asking as the device for a fresh claim code.
/// </summary>
internal sealed class RegistrationApi(HttpClient http, string? apiKey, string? homeId, TimeProvider time)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    /// <summary>What the device's own token says about a kept device.</summary>
    public enum KeptState
    {
        /// <summary>It belongs to no home yet: a fresh claim code comes with it.</summary>
        Unclaimed,
        Claimed,

        /// <summary>The server does not know the device or its token any more.</summary>
        Gone,
    }

    public bool UsesApiKey => apiKey is not null;

    /// <summary>Told when the server asks to wait before the next provisioning, with how long.</summary>
    public event Action<TimeSpan>? Waiting;

    public async Task<(KeptDevice Device, ClaimCodeNotice? Code)> RegisterAsync(PlannedDevice device, CancellationToken cancellationToken)
    {
        var relays = device.Kind == DeviceKind.SmartSocket ? device.Relays : (int?)null;
        if (apiKey is not null)
        {
            var request = new CreateDeviceRequest(device.Name, device.Kind.ToWire(), relays, homeId);
            using var response = await SendAsync(HttpMethod.Post, "api/v1/devices", JsonSerializer.SerializeToUtf8Bytes(request, WattlineJsonContext.Default.CreateDeviceRequest), apiKey, cancellationToken);
            var created = await ReadAsync(response, device.Name, WattlineJsonContext.Default.CreatedDeviceDto, cancellationToken);
            return (Keep(device, created.Device.Id, created.Token), null);
        }

        var provision = new ProvisionRequest(device.Name, device.Kind.ToWire(), relays);
        using var answer = await SendAsync(HttpMethod.Post, "api/v1/provision", JsonSerializer.SerializeToUtf8Bytes(provision, WattlineJsonContext.Default.ProvisionRequest), null, cancellationToken);
        var provisioned = await ReadAsync(answer, device.Name, WattlineJsonContext.Default.ProvisionedDeviceDto, cancellationToken);
        return (Keep(device, provisioned.DeviceId, provisioned.Token), new ClaimCodeNotice(device.Name, provisioned.ClaimCode, provisioned.ClaimCodeExpiresAt));
    }

    /// <summary>Asks, as the device, for a fresh claim code: the answer tells whether it is claimed or gone.</summary>
    public async Task<(KeptState State, ClaimCodeNotice? Code)> CheckAsync(KeptDevice device, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/v1/devices/{Uri.EscapeDataString(device.DeviceId)}/claim-code", null, device.Token, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Conflict:
                return (KeptState.Claimed, null);
            case HttpStatusCode.Unauthorized or HttpStatusCode.NotFound:
                return (KeptState.Gone, null);
            default:
                var code = await ReadAsync(response, device.Name, WattlineJsonContext.Default.ClaimCodeDto, cancellationToken);
                return (KeptState.Unclaimed, new ClaimCodeNotice(device.Name, code.ClaimCode, code.ExpiresAt));
        }
    }

    // Sends; a 429 is waited out as long as the server asks (up to a limit), then the request is sent again.
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, string? bearer, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(10);
            if (wait > MaxWait)
            {
                return response;
            }

            response.Dispose();
            Waiting?.Invoke(wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string deviceName, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " (WATTLINE_API_KEY must hold a key with the admin scope of an owner of the home)"
                : "";
            throw new RegistrationRefusedException(
                $"The server refused to register '{deviceName}': {(int)response.StatusCode} {response.ReasonPhrase}{hint} {Shorten(answer)}".TrimEnd());
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new RegistrationRefusedException($"The server answered the registration of '{deviceName}' without a body.");
    }

    private static KeptDevice Keep(PlannedDevice device, string deviceId, string token) => new(device.Name, device.Kind.ToWire(), device.Relays, deviceId, token);

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
