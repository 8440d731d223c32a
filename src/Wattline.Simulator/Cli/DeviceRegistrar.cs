using System.Globalization;

namespace Wattline.Simulator.Cli;

/// <summary>
/// Gives every planned device an id and a token: the one kept from an earlier run when the server still
/// knows it, otherwise a new registration. Each device that belongs to no home yet prints its claim code.
/// Registrations are kept in the state as they succeed, so an interrupted run loses none.
/// </summary>
internal sealed class DeviceRegistrar(RegistrationApi api, SimulatorState state, Uri server, TextWriter output, TimeProvider time)
{
    private const int Parallelism = 8;
    private const int Attempts = 3;

    // Provisioning is limited per address by the server: one at a time, so a wait is announced once.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Whether some device belongs to no home yet and printed its claim code.</summary>
    public bool AnnouncedClaimCodes { get; private set; }

    public async Task<IReadOnlyList<SimulatedDeviceSpec>> RegisterAsync(IReadOnlyList<PlannedDevice> plan, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var specs = new SimulatedDeviceSpec[plan.Count];
        var done = 0;
        api.Waiting += wait => output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"The server allows only a few new devices a minute from one address; waiting {wait.TotalSeconds:0} s (with WATTLINE_API_KEY and --home there is no such limit)."));

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
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), time, cancellationToken);
            }
        }
    }

    private async Task<SimulatedDeviceSpec> RegisterAsync(PlannedDevice device, CancellationToken cancellationToken)
    {
        if (state.Find(server, device) is { } kept)
        {
            var (keptState, code) = await api.CheckAsync(kept, cancellationToken);
            if (keptState != RegistrationApi.KeptState.Gone)
            {
                Announce(code);
                return Spec(device, kept);
            }
        }

        KeptDevice registered;
        ClaimCodeNotice? notice;
        if (api.UsesApiKey)
        {
            (registered, notice) = await api.RegisterAsync(device, cancellationToken);
        }
        else
        {
            await _oneAtATime.WaitAsync(cancellationToken);
            try
            {
                (registered, notice) = await api.RegisterAsync(device, cancellationToken);
            }
            finally
            {
                _oneAtATime.Release();
            }
        }

        state.Keep(server, registered);
        Announce(notice);
        return Spec(device, registered);
    }

    private void Announce(ClaimCodeNotice? code)
    {
        if (code is not null)
        {
            AnnouncedClaimCodes = true;
            output.WriteLine(
                $"Claim code for \"{code.DeviceName}\": {code.Code} (enter it in Wattline under Home → Claim a device, "
                + $"valid until {code.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)})");
        }
    }

    private static SimulatedDeviceSpec Spec(PlannedDevice device, KeptDevice kept) =>
        new(kept.DeviceId, kept.Token, device.Kind, device.Profile, device.Relays, device.Seed);
}
