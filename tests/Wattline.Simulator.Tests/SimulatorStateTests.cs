using Wattline.Contracts.Devices;
using Wattline.Simulator.Cli;

namespace Wattline.Simulator.Tests;

public sealed class SimulatorStateTests : IDisposable
{
    private static readonly Uri Server = new("http://wattline.local:8080/");
    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-sim-state-").FullName;

    private string StatePath => Path.Combine(_folder, "wattline", "simulator.json");

    [Fact]
    public async Task SaveThenLoad_KeptDevice_FoundForTheSameServerNameKindAndRelays()
    {
        var planned = new PlannedDevice("Fridge", DeviceKind.SmartSocket, "fridge", 1, 7);
        var state = await SimulatorState.LoadAsync(StatePath, CancellationToken.None);
        state.Keep(Server, new KeptDevice("Fridge", "smart_socket", 1, "dev1", "wlt_secret"));
        await state.SaveAsync(CancellationToken.None);

        var loaded = await SimulatorState.LoadAsync(StatePath, CancellationToken.None);

        Assert.Equal("dev1", loaded.Find(Server, planned)?.DeviceId);
        Assert.Equal("wlt_secret", loaded.Find(Server, planned)?.Token);
        Assert.Null(loaded.Find(new Uri("http://other:8080/"), planned));
        Assert.Null(loaded.Find(Server, planned with { Relays = 2 }));
        Assert.Null(loaded.Find(Server, planned with { Kind = DeviceKind.Gateway }));
    }

    [Fact]
    public async Task Keep_SameNameAgain_ReplacesTheEarlierDevice()
    {
        var state = await SimulatorState.LoadAsync(StatePath, CancellationToken.None);
        state.Keep(Server, new KeptDevice("Fridge", "smart_socket", 1, "old", "wlt_old"));
        state.Keep(Server, new KeptDevice("Fridge", "smart_socket", 1, "new", "wlt_new"));

        var found = state.Find(Server, new PlannedDevice("Fridge", DeviceKind.SmartSocket, "fridge", 1, 7));

        Assert.Equal("new", found?.DeviceId);
    }

    [Fact]
    public async Task Save_NewFolder_FileAndFolderReadableByTheUserOnly()
    {
        var state = await SimulatorState.LoadAsync(StatePath, CancellationToken.None);
        state.Keep(Server, new KeptDevice("Meter", "single_phase_meter", 0, "dev2", "wlt_secret"));

        await state.SaveAsync(CancellationToken.None);

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(StatePath)!));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StatePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(StatePath)!));
        }
    }

    [Fact]
    public async Task Load_DamagedFile_SaysWhichFileAndWhatToDo()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        await File.WriteAllTextAsync(StatePath, "{ not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SimulatorState.LoadAsync(StatePath, CancellationToken.None));

        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("delete it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/xdg/state", "/home/ann", "/xdg/state/wattline/simulator.json")]
    [InlineData("", "/home/ann", "/home/ann/.local/state/wattline/simulator.json")]
    [InlineData("relative/path", "/home/ann", "/home/ann/.local/state/wattline/simulator.json")]
    public void DefaultPath_Variables_FollowTheXdgRules(string xdgStateHome, string home, string expected)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix paths");
        var variables = new Dictionary<string, string> { ["XDG_STATE_HOME"] = xdgStateHome, ["HOME"] = home };

        Assert.Equal(expected, SimulatorState.DefaultPath(name => variables.GetValueOrDefault(name)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
