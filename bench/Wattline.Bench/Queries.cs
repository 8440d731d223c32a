using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Wattline.Bench;

/// <summary>
/// A month of 10-second readings of one meter (259,200 samples of power and energy) uploaded in batches
/// over HTTP, then the queries the dashboard makes: latest values, a month of power in 1,000 points,
/// and energy per day for the month.
/// </summary>
public static class Queries
{
    private const int Samples = 30 * 24 * 360;
    private const int BatchSize = 1000;
    private const int Repeats = 50;

    public static async Task<Table> RunAsync(WattlineTarget target)
    {
        var device = await target.CreateDeviceAsync("month", "single_phase_meter");
        var end = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds() / 10_000 * 10_000;
        var start = end - ((long)Samples * 10_000);
        var upload = Stopwatch.StartNew();
        for (var first = 0; first < Samples; first += BatchSize)
        {
            var body = new StringBuilder("{\"samples\":[");
            var last = Math.Min(first + BatchSize, Samples);
            for (var i = first; i < last; i++)
            {
                var power = 200 + ((i * 37) % 2500);
                body.Append(CultureInfo.InvariantCulture, $$$"""{"ts":{{{start + (i * 10_000L)}}},"metrics":{"active_power":{{{power}}}.5,"energy_import":{{{1_000_000 + (i * 3)}}}}}""");
                body.Append(i + 1 < last ? ',' : ']');
            }

            body.Append('}');
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/devices/{device.Device.Id}/telemetry")
            {
                Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);
            (await target.Http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        upload.Stop();
        var from = Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(start).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(end).ToString("O", CultureInfo.InvariantCulture));
        var id = device.Device.Id;
        var latest = await TimeAsync(target, $"api/v1/devices/{id}/latest");
        var month = await TimeAsync(target, $"api/v1/devices/{id}/series/active_power?from={from}&to={to}&maxPoints=1000");
        var day = await TimeAsync(target, $"api/v1/devices/{id}/series/active_power?from={Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(end - 86_400_000).ToString("O", CultureInfo.InvariantCulture))}&to={to}&maxPoints=1000");
        var energy = await TimeAsync(target, $"api/v1/devices/{id}/energy?interval=day&from={from}&to={to}");

        var table = new Table("Wattline query (HTTP, one month of 10 s data, 2 metrics)", "p50 (ms)", "p99 (ms)");
        table.Row($"upload: {Samples * 2:#,0} points in batches of {BatchSize} samples", $"{Samples * 2 / upload.Elapsed.TotalSeconds:#,0} points/s", "");
        table.Row("latest values", Table.Format(latest.P50), Table.Format(latest.P99));
        table.Row("power, last 24 h in 1,000 points", Table.Format(day.P50), Table.Format(day.P99));
        table.Row("power, 30 days in 1,000 points", Table.Format(month.P50), Table.Format(month.P99));
        table.Row("energy per day, 30 days", Table.Format(energy.P50), Table.Format(energy.P99));
        return table;
    }

    private static async Task<Percentiles> TimeAsync(WattlineTarget target, string path)
    {
        (await target.Http.GetAsync(path)).EnsureSuccessStatusCode();
        var samples = new List<double>(Repeats);
        for (var i = 0; i < Repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await target.Http.GetAsync(path)).EnsureSuccessStatusCode();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Percentiles.Of(samples);
    }
}
