using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Gateway;
using Wattline.Contracts.Telemetry;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Upload;
using Wattline.Server.Tests.TestKit;
using static Wattline.Server.Tests.Gateways.GatewayPollingTests;

namespace Wattline.Server.Tests.Gateways;

/// <summary>The batch endpoint as a gateway (or an impostor) talks to it.</summary>
public sealed class GatewayBatchApiTests
{
    private static readonly GatewayReportDto Report = new(
        [new GatewayMeterReportDto("grid", "Grid", "three_phase_meter", 0, "sdm630", true), new GatewayMeterReportDto("plug", "Plug board", "smart_socket", 2, "generic", true)],
        new GatewayBufferDto(0, null, 0));

    [Fact]
    public async Task Upload_SameBatchTwice_StoredOnceAndSecondReportedDuplicate()
    {
        await using var server = await WattlineServer.StartAsync();
        var (link, id, _, _) = await LinkAsync(server);
        await link.ReportAsync(Report, TestContext.Current.CancellationToken);
        var batch = Batch(Guid.NewGuid(), "grid", 60, ("voltage_l1", 230.5), ("energy_import", 1_000_000));

        var (first, firstAnswer, _) = await link.UploadAsync(batch, 10, TestContext.Current.CancellationToken);
        var (second, secondAnswer, _) = await link.UploadAsync(batch, 11, TestContext.Current.CancellationToken);

        Assert.Equal(UploadOutcome.Stored, first);
        Assert.Equal(UploadOutcome.Stored, second);
        Assert.False(firstAnswer!.Duplicate);
        Assert.Equal(60, firstAnswer.Samples);
        Assert.Equal(120, firstAnswer.Points);
        Assert.True(secondAnswer!.Duplicate);
        Assert.Equal(0, secondAnswer.Points);
        var grid = (await MetersOfAsync(server, id)).Single(m => m.MeterKey == "grid").Id;
        Assert.Equal(60, await CountAsync(server, grid, "voltage_l1"));

        await server.RestartAsync();
        var (afterRestart, again, _) = await new ServerLink(link.Options with { Url = server.BaseAddress.ToString() }).UploadAsync(batch, 12, TestContext.Current.CancellationToken);
        Assert.Equal(UploadOutcome.Stored, afterRestart);
        Assert.True(again!.Duplicate);
    }

    [Fact]
    public async Task Upload_Refusals_NameWhatIsWrong()
    {
        await using var server = await WattlineServer.StartAsync();
        var (link, id, token, key) = await LinkAsync(server);
        await link.ReportAsync(Report, TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await link.UploadAsync(Batch(Guid.NewGuid(), "grid", 1, ("voltage_l1", 230)), 500, ct);

        var unknownMeter = await link.UploadAsync(Batch(Guid.NewGuid(), "garage", 1, ("voltage", 230)), 501, ct);
        var oldNonce = await link.UploadAsync(Batch(Guid.NewGuid(), "grid", 1, ("voltage_l1", 230)), 400, ct);
        var wrongKey = await new ServerLink(link.Options with { SigningKey = Convert.ToBase64String(new byte[32]) }).UploadAsync(Batch(Guid.NewGuid(), "grid", 1, ("voltage_l1", 230)), 502, ct);
        var body = BatchCodec.Encode(Batch(Guid.NewGuid(), "grid", 1, ("voltage_l1", 230)).Batch);
        var garbled = await PostAsync(server, id, token, [.. body[..^3]], 503, key);
        var unsigned = await PostAsync(server, id, token, body, null, null);

        Assert.Equal(UploadOutcome.UndeclaredMeters, unknownMeter.Outcome);
        Assert.Contains("'garage' is not a meter of this gateway", unknownMeter.Problem, StringComparison.Ordinal);
        Assert.Equal(UploadOutcome.NonceBehind, oldNonce.Outcome);
        Assert.Contains("\"lastNonce\":500", oldNonce.Problem, StringComparison.Ordinal);
        Assert.Equal(UploadOutcome.TryLater, wrongKey.Outcome);
        Assert.Contains("403", wrongKey.Problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Contains("groups[0]", await garbled.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Contains(BatchSignature.NonceHeader, await unsigned.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ImpossibleReadings_LeftOutAndNamedTheRestStored()
    {
        await using var server = await WattlineServer.StartAsync();
        var (link, id, _, _) = await LinkAsync(server);
        await link.ReportAsync(Report, TestContext.Current.CancellationToken);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = new PendingBatch(new GatewayBatch(Guid.NewGuid(),
        [
            new("grid", now - 2000, [new("voltage_l1", 230), new("voltage_l2", 2300)]),
            new("grid", now - 1000, [new("voltage_l1", 231), new("relay_1", 1)]),
            new("plug", now - 1000, [new("relay_1", 1), new("relay_2", 0), new("relay_3", 1)]),
        ]), 0);

        var (outcome, answer, _) = await link.UploadAsync(batch, 20, TestContext.Current.CancellationToken);

        Assert.Equal(UploadOutcome.Stored, outcome);
        Assert.Equal(3, answer!.RefusedPoints);
        Assert.Contains(answer.Refused!, r => r is { Meter: "grid", Field: "metrics.voltage_l2" } && r.Error.Contains("outside the possible range", StringComparison.Ordinal));
        Assert.Contains(answer.Refused!, r => r is { Meter: "plug", Field: "metrics.relay_3" });
        var meters = await MetersOfAsync(server, id);
        Assert.Equal(2, await CountAsync(server, meters.Single(m => m.MeterKey == "grid").Id, "voltage_l1"));
        Assert.Equal(1, (await LatestAsync(server, meters.Single(m => m.MeterKey == "plug").Id))["relay_1"]);
    }

    [Fact]
    public async Task Gateways_MetersPrivateToTheHome_AndOnlyGatewaysReportMeters()
    {
        await using var server = await WattlineServer.StartAsync();
        var (link, id, _, _) = await LinkAsync(server);
        var meters = await link.ReportAsync(Report, TestContext.Current.CancellationToken);
        var grid = meters.Meters.Single(m => m.Key == "grid").DeviceId;
        var (_, stranger) = await server.CreateUserAsync("stranger");
        var socket = await server.CreateDeviceAsync("Socket", "smart_socket", 1);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"api/v1/devices/{grid}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"api/v1/devices/{id}/gateway", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"api/v1/devices/{grid}/commands", new Contracts.Commands.CommandRequest("reboot"), WattlineJsonContext.Default.CommandRequest, ct)).StatusCode);
        Assert.DoesNotContain(grid, await stranger.GetStringAsync("api/v1/devices", ct), StringComparison.Ordinal);
        // A meter has no token of its own; nothing it could send is accepted except through its gateway.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.UploadAsync(grid, link.Options.Token, """{"metrics":{"voltage_l1":230}}""")).StatusCode);
        var socketLink = new ServerLink(link.Options with { GatewayId = socket.Device.Id, Token = socket.Token });
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => socketLink.ReportAsync(Report, ct));
        Assert.Contains("only a device of kind gateway", refused.Message, StringComparison.Ordinal);

        // Deleting the gateway deletes its meters.
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"api/v1/devices/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"api/v1/devices/{grid}", ct)).StatusCode);
    }

    private static async Task<(ServerLink Link, string Id, string Token, byte[] Key)> LinkAsync(WattlineServer server)
    {
        var (id, token, key) = await GatewayRig.RegisterAsync(server);
        var options = new ServerOptions { Url = server.BaseAddress.ToString(), GatewayId = id, Token = token, SigningKey = Convert.ToBase64String(key) };
        return (new ServerLink(options), id, token, key);
    }

    private static PendingBatch Batch(Guid id, string meter, int samples, params (string Metric, double Value)[] metrics)
    {
        var start = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (samples * 1000);
        return new PendingBatch(new GatewayBatch(id, [.. Enumerable.Range(0, samples).Select(i => new GatewaySample(meter, start + (i * 1000), [.. metrics.Select(m => new MetricValue(m.Metric, m.Value))]))]), 0);
    }

    private static async Task<HttpResponseMessage> PostAsync(WattlineServer server, string id, string token, byte[] body, ulong? nonce, byte[]? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/devices/{id}/batches") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(BatchCodec.ContentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (nonce is { } n && key is not null)
        {
            request.Headers.Add(BatchSignature.NonceHeader, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(BatchSignature.SignatureHeader, BatchSignature.Compute(id, key, n, body));
        }

        return await server.Anonymous.SendAsync(request);
    }

    private static async Task<long> CountAsync(WattlineServer server, string deviceId, string metric)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var series = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{deviceId}/series/{metric}?from={Query.Iso(now - 600_000)}&to={Query.Iso(now + 1000)}&maxPoints=10000",
            WattlineJsonContext.Default.SeriesDto);
        return series!.Points.Sum(p => (long)p.Count);
    }
}
