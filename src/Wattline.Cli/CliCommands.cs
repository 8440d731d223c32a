using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Wattline.Contracts;
using Wattline.Contracts.Devices;

namespace Wattline.Cli;

/// <summary>Builds each subcommand; every action talks to the server's REST API.</summary>
internal sealed class CliCommands(Option<string> server, TextWriter output, TextWriter error)
{
    public Command Devices()
    {
        var devices = new Command("devices", "List, register, rename and delete devices");

        var list = new Command("list", "Every device with its online state");
        list.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var all = await client.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto, ct) ?? [];
            if (all.Count == 0)
            {
                await output.WriteLineAsync("No devices. Register one with: wattline devices add \"Kitchen plug\" --kind smart_socket");
                return 0;
            }

            await output.WriteLineAsync($"{"ID",-14} {"NAME",-28} {"KIND",-20} {"STATE",-8} LAST SEEN");
            foreach (var d in all)
            {
                var seen = d.LastSeenAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "never";
                await output.WriteLineAsync($"{d.Id,-14} {Truncate(d.Name, 28),-28} {d.Kind,-20} {(d.Online ? "online" : "offline"),-8} {seen}");
            }

            return 0;
        }));

        var name = new Argument<string>("name") { Description = "Display name, e.g. \"Kitchen plug\"" };
        var kind = new Option<string>("--kind") { Description = "smart_socket, single_phase_meter, three_phase_meter, solar_inverter or gateway", Required = true };
        var relays = new Option<int?>("--relays") { Description = "Number of relays of a smart socket (default 1)" };
        var add = new Command("add", "Register a device; prints its token once") { name, kind, relays };
        add.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var request = new CreateDeviceRequest(result.GetValue(name)!, result.GetValue(kind)!, result.GetValue(relays));
            var response = await client.PostAsJsonAsync("api/v1/devices", request, WattlineJsonContext.Default.CreateDeviceRequest, ct);
            if (!await CheckAsync(response, ct))
            {
                return 1;
            }

            var created = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto, ct))!;
            await output.WriteLineAsync($"Registered {created.Device.Name} ({created.Device.Kind}) as {created.Device.Id}.");
            await output.WriteLineAsync($"Token (shown only now, keep it on the device): {created.Token}");
            await output.WriteLineAsync($"MQTT: port {created.Connect.MqttPort}, user name {created.Connect.MqttUsername}, password the token; publish readings to {created.Connect.TelemetryTopic}");
            await output.WriteLineAsync($"HTTP: POST {created.Connect.HttpTelemetryPath} with Authorization: Bearer <token>");
            return 0;
        }));

        var id = new Argument<string>("id") { Description = "Device id" };
        var newName = new Argument<string>("name") { Description = "New display name" };
        var rename = new Command("rename", "Rename a device") { id, newName };
        rename.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var response = await client.PatchAsJsonAsync($"api/v1/devices/{Uri.EscapeDataString(result.GetValue(id)!)}", new RenameDeviceRequest(result.GetValue(newName)!), WattlineJsonContext.Default.RenameDeviceRequest, ct);
            return await CheckAsync(response, ct) ? await Say("Renamed.") : 1;
        }));

        var deleteId = new Argument<string>("id") { Description = "Device id" };
        var delete = new Command("delete", "Delete a device and all its readings") { deleteId };
        delete.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var response = await client.DeleteAsync($"api/v1/devices/{Uri.EscapeDataString(result.GetValue(deleteId)!)}", ct);
            return await CheckAsync(response, ct) ? await Say("Deleted.") : 1;
        }));

        var tokenId = new Argument<string>("id") { Description = "Device id" };
        var token = new Command("token", "Issue a new token for a device; the old one stops working") { tokenId };
        token.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var response = await client.PostAsync($"api/v1/devices/{Uri.EscapeDataString(result.GetValue(tokenId)!)}/token", null, ct);
            if (!await CheckAsync(response, ct))
            {
                return 1;
            }

            var issued = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.DeviceTokenDto, ct))!;
            return await Say($"New token (shown only now): {issued.Token}");
        }));

        devices.Subcommands.Add(list);
        devices.Subcommands.Add(add);
        devices.Subcommands.Add(rename);
        devices.Subcommands.Add(delete);
        devices.Subcommands.Add(token);
        return devices;
    }

    public Command Latest()
    {
        var id = new Argument<string>("id") { Description = "Device id" };
        var latest = new Command("latest", "The newest value of every metric of a device") { id };
        latest.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var response = await client.GetAsync($"api/v1/devices/{Uri.EscapeDataString(result.GetValue(id)!)}/latest", ct);
            if (!await CheckAsync(response, ct))
            {
                return 1;
            }

            var values = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.ListLatestValueDto, ct))!;
            foreach (var v in values)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(v.Ts).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{v.Metric,-18} {v.Value,14:0.###} {v.Unit,-4} {at}"));
            }

            return 0;
        }));
        return latest;
    }

    public Command Send()
    {
        var id = new Argument<string>("id") { Description = "Device id" };
        var json = new Argument<string>("json") { Description = "A sample or batch, e.g. '{\"metrics\":{\"active_power\":120}}'" };
        var send = new Command("send", "Upload telemetry as the device would; the device token comes from $WATTLINE_DEVICE_TOKEN") { id, json };
        send.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var deviceToken = Environment.GetEnvironmentVariable("WATTLINE_DEVICE_TOKEN");
            if (string.IsNullOrEmpty(deviceToken))
            {
                await error.WriteLineAsync("Set WATTLINE_DEVICE_TOKEN to the device's token (it is not taken on the command line, where other users could see it).");
                return 2;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/devices/{Uri.EscapeDataString(result.GetValue(id)!)}/telemetry")
            {
                Content = new StringContent(result.GetValue(json)!, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deviceToken);
            var response = await client.SendAsync(request, ct);
            return await CheckAsync(response, ct) ? await Say("Stored: " + await response.Content.ReadAsStringAsync(ct)) : 1;
        }));
        return send;
    }

    public Command Health()
    {
        var health = new Command("health", "Whether the server is up and its storage answers");
        health.SetAction((result, ct) => RunAsync(result, async client =>
        {
            var response = await client.GetAsync("healthz", ct);
            await output.WriteLineAsync(await response.Content.ReadAsStringAsync(ct));
            return response.IsSuccessStatusCode ? 0 : 1;
        }));
        return health;
    }

    private async Task<int> RunAsync(ParseResult result, Func<HttpClient, Task<int>> action)
    {
        var address = new Uri(result.GetValue(server)!.TrimEnd('/') + "/");
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            return await action(client);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"Cannot reach the Wattline server at {address}: {e.Message}");
            return 3;
        }
    }

    private async Task<bool> CheckAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        await error.WriteLineAsync($"The server answered {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}");
        return false;
    }

    private async Task<int> Say(string text)
    {
        await output.WriteLineAsync(text);
        return 0;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
