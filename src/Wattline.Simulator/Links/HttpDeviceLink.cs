using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wattline.Contracts;
using Wattline.Contracts.Commands;

namespace Wattline.Simulator.Links;

/// <summary>
/// The HTTP link of firmware without MQTT: telemetry posted (200 means stored), commands fetched by long polling
/// <c>GET .../commands/pending?wait=</c>, results posted to <c>.../results</c>. The token goes in the
/// Authorization header, never in the URL.
/// </summary>
internal sealed class HttpDeviceLink : DeviceLink
{
    private const int PollWaitSeconds = 20;

    private readonly HttpClient _http;
    private readonly string _base;

    public HttpDeviceLink(SimulatedDeviceSpec spec, SimulatorOptions options, TimeProvider timeProvider, ILogger logger, FleetCounters counters)
        : base(spec, options, timeProvider, logger, counters)
    {
        _base = $"api/v1/devices/{spec.DeviceId}/";
        _http = new HttpClient { BaseAddress = new Uri(options.HttpBaseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(PollWaitSeconds + 15) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", spec.Token);
    }

    protected override string Endpoint => Options.HttpBaseUrl;

    public override async Task<PublishOutcome> PublishAsync(byte[] payload, CancellationToken inFlight)
    {
        using var response = await SendAsync(() => Post("telemetry", payload), inFlight);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return PublishOutcome.Stored;
        }

        var body = await response.Content.ReadAsStringAsync(inFlight);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType)
        {
            return PublishOutcome.Refused($"{(int)response.StatusCode} {body}");
        }

        // Over the limit, a server error, a token no longer valid: not stored, so it is sent again after a pause.
        throw new HttpRequestException($"the server answered {(int)response.StatusCode}: {body}");
    }

    public override async Task SendResultAsync(CommandResultMessage result, CancellationToken cancellationToken)
    {
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(result, WattlineJsonContext.Default.CommandResultMessage);
            using var response = await SendAsync(() => Post("results", payload), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogResultLost(Spec.DeviceId, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogResultLost(Spec.DeviceId, e.Message);
        }
    }

    /// <summary>Fetches commands for as long as the device runs, each request held open until one arrives.</summary>
    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(cancellationToken);
                using var response = await SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Get, $"{_base}commands/pending?wait={PollWaitSeconds}"), cancellationToken);
                response.EnsureSuccessStatusCode();
                var pending = await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.PendingCommandsDto, cancellationToken);
                foreach (var command in pending?.Commands ?? [])
                {
                    Commands.Writer.TryWrite(command);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                LogServerStatus(Spec.DeviceId, "commands/pending", e.Message);
                await Task.Delay(Options.ReconnectDelay, Time, cancellationToken);
            }
        }
    }

    public override Task StopAsync()
    {
        // HTTP has no connection to close: the server sees the device offline once its uploads stop.
        MarkDisconnected();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override async Task AttemptAsync(CancellationToken cancellationToken)
    {
        var info = JsonSerializer.SerializeToUtf8Bytes(Info(), WattlineJsonContext.Default.DeviceInfoMessage);
        using var response = await _http.SendAsync(Post("info", info), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the server refused the device: {(int)response.StatusCode} {response.StatusCode}");
        }
    }

    // A request that fails on the network marks the link down, so the next one connects (announces) again.
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            return await _http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            if (MarkDisconnected())
            {
                LogDisconnected(Spec.DeviceId, e.Message);
            }

            throw;
        }
    }

    private HttpRequestMessage Post(string leaf, byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, _base + leaf) { Content = content };
    }
}
