using System.CommandLine;
using Wattline.Contracts;
using Wattline.Contracts.Devices;

namespace Wattline.Cli;

/// <summary><c>homes</c> and <c>claim</c>: the homes of the signed-in user, and attaching a self-registered device to one.</summary>
internal sealed class HomeCommands(CliRuntime runtime)
{
    public Command Homes()
    {
        var homes = new Command("homes", "The homes you belong to, with your role in each");
        homes.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var all = await api.GetAsync("api/v1/homes", WattlineJsonContext.Default.ListHomeDto, ct);
            if (all.Count == 0)
            {
                return await runtime.SayAsync("You belong to no home yet.");
            }

            var id = Text.Width("ID", all.Select(h => h.Id));
            await runtime.Output.WriteLineAsync($"{"ID".PadRight(id)} {"NAME",-32} ROLE");
            foreach (var home in all)
            {
                await runtime.Output.WriteLineAsync($"{home.Id.PadRight(id)} {Text.Truncate(home.Name, 32),-32} {home.Role}");
            }

            return ExitCodes.Ok;
        }, ct));
        return homes;
    }

    public Command Claim()
    {
        var code = new Argument<string>("code") { Description = "The claim code the device shows, e.g. ABCD-EFGH" };
        var home = new Option<string?>("--home") { Description = "Id of the home to attach the device to (needed when you own several; see wattline homes)" };
        var claim = new Command("claim", "Attach a device that registered itself to one of your homes, with the code it shows") { code, home };
        claim.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var homeId = result.GetValue(home) ?? await OnlyOwnedHomeAsync(api, ct);
            var device = await api.PostAsync(
                $"api/v1/homes/{Uri.EscapeDataString(homeId)}/claims",
                new ClaimDeviceRequest(result.GetValue(code)!.Trim()),
                WattlineJsonContext.Default.ClaimDeviceRequest,
                WattlineJsonContext.Default.DeviceDto,
                ct);
            return await runtime.SayAsync($"Claimed {device.Name} ({device.Kind}) as {device.Id} into home {homeId}.");
        }, ct));
        return claim;
    }

    /// <summary>The one home the user owns; a clear refusal when there is none or a choice to make.</summary>
    public static async Task<string> OnlyOwnedHomeAsync(ApiClient api, CancellationToken cancellationToken)
    {
        var owned = (await api.GetAsync("api/v1/homes", WattlineJsonContext.Default.ListHomeDto, cancellationToken)).Where(h => h.Role == "owner").ToList();
        return owned.Count switch
        {
            1 => owned[0].Id,
            0 => throw new CliFailureException(ExitCodes.Refused, "You own no home to attach the device to."),
            _ => throw new CliFailureException(
                ExitCodes.Usage,
                "You own several homes; choose one with --home: " + string.Join(", ", owned.Select(h => $"{h.Id} ({h.Name})"))),
        };
    }
}
