using System.Text;

namespace Wattline.Server.Notifications;

/// <summary>
/// Posts a signed JSON body to a webhook (see <see cref="WebhookSignature"/>). Any 2xx answer counts as delivered;
/// redirects are not followed, so a webhook must name its final address.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpFactory, TimeProvider timeProvider)
{
    public const string HttpClientName = "Wattline.Webhooks";

    public async Task<SendOutcome> SendAsync(string url, string secret, string eventName, string deliveryId, string body, CancellationToken cancellationToken)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Header(secret, timestamp, body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventHeader, eventName);
        request.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId);
        request.Headers.UserAgent.ParseAdd("Wattline-Webhooks/1");
        var client = httpFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? SendOutcome.Success
                : SendOutcome.Failure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException e)
        {
            return SendOutcome.Failure(e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Failure($"no answer within {client.Timeout.TotalSeconds:0} s");
        }
    }
}
