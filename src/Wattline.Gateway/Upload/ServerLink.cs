using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Gateway;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;

namespace Wattline.Gateway.Upload;

/// <summary>The gateway's calls to the Wattline server, authenticated with its device token.</summary>
public sealed class ServerLink : IDisposable
{
    private readonly HttpClient _http;
    private readonly ServerOptions _server;
    private readonly byte[] _key;

    public ServerLink(ServerOptions server, HttpMessageHandler? handler = null)
    {
        _server = server;
        _key = Convert.FromBase64String(server.SigningKey);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = new Uri(server.Url.EndsWith('/') ? server.Url : server.Url + "/");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        _http.Timeout = TimeSpan.FromSeconds(90);
    }

    public ServerOptions Options => _server;

    private string DevicePath => $"api/v1/devices/{Uri.EscapeDataString(_server.GatewayId)}";

    /// <summary>Sends the meters and buffer state; the server answers with each meter's device id.</summary>
    public async Task<GatewayMetersDto> ReportAsync(GatewayReportDto report, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsJsonAsync($"{DevicePath}/meters", report, WattlineJsonContext.Default.GatewayReportDto, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.GatewayMetersDto, cancellationToken))!;
    }

    /// <summary>Uploads one batch, signed with a fresh nonce.</summary>
    public async Task<(UploadOutcome Outcome, BatchAcceptedDto? Answer, string? Problem)> UploadAsync(PendingBatch batch, ulong nonce, CancellationToken cancellationToken)
    {
        var body = BatchCodec.Encode(batch.Batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{DevicePath}/batches") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(BatchCodec.ContentType);
        request.Headers.Add(BatchSignature.NonceHeader, nonce.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(BatchSignature.SignatureHeader, BatchSignature.Compute(_server.GatewayId, _key, nonce, body));
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return (UploadOutcome.Stored, await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.BatchAcceptedDto, cancellationToken), null);
        }

        var problem = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Conflict => (UploadOutcome.UndeclaredMeters, null, problem),
            HttpStatusCode.PreconditionFailed => (UploadOutcome.NonceBehind, null, problem),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge => (UploadOutcome.Refused, null, problem),
            _ => (UploadOutcome.TryLater, null, $"{(int)response.StatusCode} {response.ReasonPhrase}: {problem}"),
        };
    }

    /// <summary>Commands for the gateway's meters, held open by the server for up to <paramref name="wait"/>.</summary>
    public async Task<IReadOnlyList<DeviceCommandMessage>> PendingCommandsAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"{DevicePath}/commands/pending?wait={(int)wait.TotalSeconds}", cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.PendingCommandsDto, cancellationToken))!.Commands;
    }

    public async Task PostResultAsync(CommandResultMessage result, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"{DevicePath}/results", result, WattlineJsonContext.Default.CommandResultMessage, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = body;
            try
            {
                using var json = JsonDocument.Parse(body);
                detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? body : body;
            }
            catch (JsonException)
            {
            }

            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}", null, response.StatusCode);
        }
    }
}
