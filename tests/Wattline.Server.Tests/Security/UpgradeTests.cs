using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Contracts;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class UpgradeTests
{
    [Fact]
    public async Task ServerFromBeforeAccounts_FirstAdministratorAdoptsItsDevices()
    {
        // A data folder as the previous release left it: devices, no accounts, no homes.
        var folder = Directory.CreateTempSubdirectory("wattline-upgrade-").FullName;
        var options = new DbContextOptionsBuilder<WattlineDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "wattline.db")}").Options;
        const string token = "wlt_upgrade-test-token-0000000000000000000000000";
        await using (var db = new WattlineDbContext(options))
        {
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync("20261123125204_DeviceUploadSigning");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO devices (Id, Name, Kind, Relays, TokenHash, CreatedAt, LastNonce) VALUES ('dolddevice0001', 'Old meter', 'SinglePhaseMeter', 0, {0}, 0, 0)",
                DeviceTokens.Hash(token));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var server = await WattlineServer.StartAsync(dataPath: folder);

        var devices = await server.Http.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto);
        var upload = await server.UploadAsync("dolddevice0001", token, """{"metrics":{"voltage":230.2}}""");

        Assert.Equal(("Old meter", server.HomeId), (devices!.Single().Name, devices!.Single().HomeId));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
    }
}
