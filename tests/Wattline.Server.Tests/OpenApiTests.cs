using System.Text.Json;
using System.Text.Json.Nodes;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class OpenApiTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The committed docs/openapi.json is the API's contract; a change to the API must change it too.
    /// Regenerate with: WATTLINE_UPDATE_OPENAPI=1 dotnet test tests/Wattline.Server.Tests --filter OpenApi
    /// </summary>
    [Fact]
    public async Task OpenApiDocument_MatchesCommittedContract()
    {
        await using var server = await WattlineServer.StartAsync();
        var served = JsonNode.Parse(await server.Http.GetStringAsync("openapi/v1.json"))!;
        // The server list names the test's random port, which is not part of the contract.
        served.AsObject().Remove("servers");
        var text = served.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("WATTLINE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.True(File.Exists(path), "docs/openapi.json is missing");
        Assert.Equal(await File.ReadAllTextAsync(path), text);
    }

    [Fact]
    public async Task ApiReferencePage_Served()
    {
        await using var server = await WattlineServer.StartAsync();

        var page = await server.Http.GetStringAsync("api");

        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Wattline.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
