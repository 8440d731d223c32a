using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wattline.Server.Notifications;

namespace Wattline.Server.Tests.TestKit;

/// <summary>
/// A webhook receiver on a free loopback port: records every post it gets, and answers 500 to the first
/// <see cref="FailNext"/> of them (then 204).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>A post as it arrived: body and the Wattline headers.</summary>
    public sealed record Received(string Body, string? Signature, string? Timestamp, string? Event, string? Delivery, string? ContentType);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> posts with 500.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failures, count);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        string? Header(string name) => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
        Requests.Enqueue(new Received(
            body,
            Header(WebhookSignature.SignatureHeader),
            Header(WebhookSignature.TimestampHeader),
            Header(WebhookSignature.EventHeader),
            Header(WebhookSignature.DeliveryHeader),
            request.ContentType));
        return Interlocked.Decrement(ref _failures) >= 0 ? Results.StatusCode(500) : Results.NoContent();
    }
}
