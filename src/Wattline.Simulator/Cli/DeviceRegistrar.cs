using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;

namespace Wattline.Simulator.Cli;

/// <summary>Registers devices through the server's REST API and returns what they need to connect.</summary>
internal sealed class DeviceRegistrar(HttpClient http)
{
    private const int Parallelism = 8;
    private const int Attempts = 3;

    public async Task<IReadOnlyList<SimulatedDeviceSpec>> RegisterAsync(IReadOnlyList<PlannedDevice> plan, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var specs = new SimulatedDeviceSpec[plan.Count];
        var done = 0;

        // The first alone, so an unreachable server or a refused request shows up once and early.
        if (plan.Count > 0)
        {
            specs[0] = await RegisterAsync(plan[0], cancellationToken);
            progress.Report(++done);
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(1, Math.Max(0, plan.Count - 1)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                specs[index] = await RegisterWithRetriesAsync(plan[index], token);
                progress.Report(Interlocked.Increment(ref done));
            });
        return specs;
    }

    // Once the server has answered, a failed request is most likely a busy server: try again shortly.
    private async Task<SimulatedDeviceSpec> RegisterWithRetriesAsync(PlannedDevice device, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterAsync(device, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), TimeProvider.System, cancellationToken);
            }
        }
    }

    private async Task<SimulatedDeviceSpec> RegisterAsync(PlannedDevice device, CancellationToken cancellationToken)
    {
        var request = new CreateDeviceRequest(device.Name, device.Kind.ToWire(), device.Kind == DeviceKind.SmartSocket ? device.Relays : null);
        using var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, WattlineJsonContext.Default.CreateDeviceRequest));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("api/v1/devices", body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new RegistrationRefusedException(
                $"The server refused to register '{device.Name}': {(int)response.StatusCode} {response.ReasonPhrase} {Shorten(answer)}");
        }

        var created = await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto, cancellationToken)
            ?? throw new RegistrationRefusedException($"The server answered the registration of '{device.Name}' without a body.");
        return new SimulatedDeviceSpec(created.Device.Id, created.Token, device.Kind, device.Profile, device.Relays, device.Seed);
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
