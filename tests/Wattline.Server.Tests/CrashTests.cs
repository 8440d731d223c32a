using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>The server as its own process, killed with SIGKILL while devices are uploading.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task KillDuringIngest_EveryAcknowledgedReadingSurvives()
    {
        var folder = Directory.CreateTempSubdirectory("wattline-crash-").FullName;
        var (httpPort, mqttPort) = (FreePort(), FreePort());
        var server = StartProcess(folder, httpPort, mqttPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
        try
        {
            await Eventually.MatchAsync(() => IsUpAsync(http), up => up, TimeSpan.FromSeconds(60));
            var setup = await http.PostAsJsonAsync(
                "api/v1/setup", new SignUpRequest(WattlineServer.AdminName, WattlineServer.AdminPassword, SetupCode: WattlineServer.SetupCodeOf(folder)), WattlineJsonContext.Default.SignUpRequest);
            var tokens = (await setup.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
            // The access token outlives the restart: its signing key is kept in the data folder.
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            var response = await http.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest("Meter", "single_phase_meter"), WattlineJsonContext.Default.CreateDeviceRequest);
            var device = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", mqttPort)
                .WithClientId(device.Device.Id)
                .WithCredentials(device.Device.Id, device.Token)
                .Build());

            // Four publishers keep uploads in flight, so the kill lands between a commit and its acknowledgement.
            var start = TimeProvider.System.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
            var next = -1L;
            var publishers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    var ts = start + (Interlocked.Increment(ref next) * 10);
                    try
                    {
                        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                            .WithTopic(Topics.Telemetry(device.Device.Id))
                            .WithPayload($$$"""{"ts":{{{ts}}},"metrics":{"voltage":230.5}}""")
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                            .Build());
                        if (result.IsSuccess)
                        {
                            acknowledged.Add(ts);
                        }
                    }
                    catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
                    {
                        return;
                    }
                }
            })).ToList();
            await Eventually.MatchAsync(() => Task.FromResult(acknowledged.Count), count => count >= 500);
            server.Kill();
            await server.WaitForExitAsync();
            await Task.WhenAll(publishers);

            server = StartProcess(folder, httpPort, mqttPort);
            await Eventually.MatchAsync(() => IsUpAsync(http), up => up, TimeSpan.FromSeconds(60));
            var to = start + ((next + 1) * 10);
            var series = await http.GetFromJsonAsync(
                $"api/v1/devices/{device.Device.Id}/series/voltage?from={Query.Iso(start)}&to={Query.Iso(to + 1)}&maxPoints=10000",
                WattlineJsonContext.Default.SeriesDto);
            var stored = series!.Points.Sum(p => p.Count);

            Assert.True(acknowledged.Count >= 500);
            Assert.True(stored >= acknowledged.Count, $"{acknowledged.Count} acknowledged, {stored} stored after SIGKILL");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            server.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Process StartProcess(string folder, int httpPort, int mqttPort)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Wattline.Server.dll"),
            $"--Wattline:DataPath={folder}", $"--Wattline:HttpPort={httpPort}", $"--Wattline:Broker:TcpPort={mqttPort}",
            "--Wattline:ListenAddress=127.0.0.1", "--Wattline:Ingest:UploadsPerSecond=100000", "--Wattline:Ingest:Burst=100000",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        // Drain its output so the child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> IsUpAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
