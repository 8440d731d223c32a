using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Wattline.Contracts;
using Wattline.Contracts.Devices;

namespace Wattline.Cli;

/// <summary>The device commands, <c>latest</c>, <c>import</c>, <c>send</c> and <c>health</c>; each action talks to the server's REST API.</summary>
internal sealed class CliCommands(CliRuntime runtime)
{
    private TextWriter Output => runtime.Output;

    public Command Devices()
    {
        var devices = new Command("devices", "List, register, rename and delete devices");

        var listHome = new Option<string?>("--home") { Description = "Only the devices of this home" };
        var list = new Command("list", "Every device of your homes with its online state") { listHome };
        list.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var path = result.GetValue(listHome) is { } homeId ? $"api/v1/devices?homeId={Uri.EscapeDataString(homeId)}" : "api/v1/devices";
            var all = await api.GetAsync(path, WattlineJsonContext.Default.ListDeviceDto, ct);
            if (all.Count == 0)
            {
                return await runtime.SayAsync("No devices. Register one with: wattline devices add \"Kitchen plug\" --kind smart_socket");
            }

            var id = Text.Width("ID", all.Select(d => d.Id));
            await Output.WriteLineAsync($"{"ID".PadRight(id)} {"NAME",-28} {"KIND",-20} {"STATE",-8} LAST SEEN");
            foreach (var d in all)
            {
                var seen = d.LastSeenAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "never";
                await Output.WriteLineAsync($"{d.Id.PadRight(id)} {Text.Truncate(d.Name, 28),-28} {d.Kind,-20} {(d.Online ? "online" : "offline"),-8} {seen}");
            }

            return ExitCodes.Ok;
        }, ct));

        var name = new Argument<string>("name") { Description = "Display name, e.g. \"Kitchen plug\"" };
        var kind = new Option<string>("--kind") { Description = "smart_socket, single_phase_meter, three_phase_meter, solar_inverter or gateway", Required = true };
        var relays = new Option<int?>("--relays") { Description = "Number of relays of a smart socket (default 1)" };
        var home = new Option<string?>("--home") { Description = "Id of the home to register it in (needed when you own several; see wattline homes)" };
        var add = new Command("add", "Register a device in one of your homes; prints its token once") { name, kind, relays, home };
        add.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var request = new CreateDeviceRequest(result.GetValue(name)!, result.GetValue(kind)!, result.GetValue(relays), result.GetValue(home));
            var created = await api.PostAsync("api/v1/devices", request, WattlineJsonContext.Default.CreateDeviceRequest, WattlineJsonContext.Default.CreatedDeviceDto, ct);
            await Output.WriteLineAsync($"Registered {created.Device.Name} ({created.Device.Kind}) as {created.Device.Id}.");
            await Output.WriteLineAsync($"Token (shown only now, keep it on the device): {created.Token}");
            await Output.WriteLineAsync($"MQTT: port {created.Connect.MqttPort}, user name {created.Connect.MqttUsername}, password the token; publish readings to {created.Connect.TelemetryTopic}");
            return await runtime.SayAsync($"HTTP: POST {created.Connect.HttpTelemetryPath} with Authorization: Bearer <token>");
        }, ct));

        var id = new Argument<string>("id") { Description = "Device id" };
        var newName = new Argument<string>("name") { Description = "New display name" };
        var rename = new Command("rename", "Rename a device") { id, newName };
        rename.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            await api.PatchAsync(DevicePath(result.GetValue(id)!), new RenameDeviceRequest(result.GetValue(newName)!), WattlineJsonContext.Default.RenameDeviceRequest, WattlineJsonContext.Default.DeviceDto, ct);
            return await runtime.SayAsync("Renamed.");
        }, ct));

        var deleteId = new Argument<string>("id") { Description = "Device id" };
        var delete = new Command("delete", "Delete a device and all its readings") { deleteId };
        delete.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            await api.SendAsync(HttpMethod.Delete, DevicePath(result.GetValue(deleteId)!), ct);
            return await runtime.SayAsync("Deleted.");
        }, ct));

        var tokenId = new Argument<string>("id") { Description = "Device id" };
        var token = new Command("token", "Issue a new token for a device; the old one stops working") { tokenId };
        token.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var issued = await api.SendAsync(HttpMethod.Post, DevicePath(result.GetValue(tokenId)!) + "/token", WattlineJsonContext.Default.DeviceTokenDto, ct);
            return await runtime.SayAsync($"New token (shown only now): {issued.Token}");
        }, ct));

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
        latest.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var values = await api.GetAsync(DevicePath(result.GetValue(id)!) + "/latest", WattlineJsonContext.Default.ListLatestValueDto, ct);
            foreach (var v in values)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(v.Ts).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
                await Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{v.Metric,-18} {v.Value,14:0.###} {v.Unit,-4} {at}"));
            }

            return ExitCodes.Ok;
        }, ct));
        return latest;
    }

    public Command Import()
    {
        var id = new Argument<string>("device") { Description = "Device id" };
        var file = new Argument<FileInfo>("file") { Description = "CSV file as the export writes it: time,metric,value (a header line is optional)" };
        var import = new Command("import", "Store a device's history from a CSV file; lines the server refuses are listed by number, the others stored") { id, file };
        import.SetAction((result, ct) => runtime.SignedInWithoutTimeoutAsync(result, async api =>
        {
            var path = result.GetValue(file)!;
            FileStream stream;
            try
            {
                stream = path.OpenRead();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliFailureException(ExitCodes.Usage, $"Cannot read {path.FullName}: {e.Message}");
            }

            using var content = new StreamContent(stream, 64 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
            using var response = await api.Http.PostAsync(DevicePath(result.GetValue(id)!) + "/import", content, ct);
            var stored = await api.ReadAsync(response, WattlineJsonContext.Default.ImportResultDto, ct);
            return await runtime.SayAsync(stored is { Earliest: { } from, Latest: { } to }
                ? string.Create(CultureInfo.InvariantCulture, $"Stored {stored.Points} reading{(stored.Points == 1 ? "" : "s")} from {from.UtcDateTime:yyyy-MM-dd HH:mm:ss 'UTC'} to {to.UtcDateTime:yyyy-MM-dd HH:mm:ss 'UTC'}.")
                : "The file holds no readings; nothing was stored.");
        }, ct));
        return import;
    }

    public Command Send()
    {
        var id = new Argument<string>("id") { Description = "Device id" };
        var json = new Argument<string>("json") { Description = "A sample or batch, e.g. '{\"metrics\":{\"active_power\":120}}'" };
        var send = new Command("send", "Upload telemetry as the device would; the device token comes from $WATTLINE_DEVICE_TOKEN") { id, json };
        send.SetAction((result, ct) => runtime.AnonymousAsync(result, async api =>
        {
            var deviceToken = runtime.Environment.Variable("WATTLINE_DEVICE_TOKEN");
            if (string.IsNullOrEmpty(deviceToken))
            {
                throw new CliFailureException(
                    ExitCodes.Usage, "Set WATTLINE_DEVICE_TOKEN to the device's token (it is not taken on the command line, where other users could see it).");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, DevicePath(result.GetValue(id)!) + "/telemetry")
            {
                Content = new StringContent(result.GetValue(json)!, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deviceToken);
            using var response = await api.Http.SendAsync(request, ct);
            await api.EnsureSuccessAsync(response, ct);
            return await runtime.SayAsync("Stored: " + await response.Content.ReadAsStringAsync(ct));
        }, ct));
        return send;
    }

    public Command Health()
    {
        var health = new Command("health", "Whether the server is up and its storage answers");
        health.SetAction((result, ct) => runtime.AnonymousAsync(result, async api =>
        {
            using var response = await api.Http.GetAsync("healthz", ct);
            await Output.WriteLineAsync(await response.Content.ReadAsStringAsync(ct));
            return response.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.Refused;
        }, ct));
        return health;
    }

    private static string DevicePath(string id) => $"api/v1/devices/{Uri.EscapeDataString(id)}";
}
