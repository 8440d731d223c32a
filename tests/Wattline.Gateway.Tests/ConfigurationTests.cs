using Microsoft.Extensions.Configuration;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Meters;

namespace Wattline.Gateway.Tests;

public sealed class ConfigurationTests
{
    private static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "gateway.example.json");

    [Fact]
    public void Check_ShippedExample_Valid()
    {
        Assert.Empty(GatewayHost.Check(ExamplePath));
    }

    [Fact]
    public void Check_EveryKindOfMistake_EachNamedBySetting()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "gateway.json");
        File.WriteAllText(path, """
            {
              "Server": { "Url": "ftp://x", "GatewayId": "", "Token": "t", "SigningKey": "short" },
              "Buses": [
                { "Name": "rs485", "Serial": { "Port": "/dev/ttyUSB0", "BaudRate": 9601, "Parity": "Mark" } },
                { "Name": "rs485", "Tcp": { "Host": "10.0.0.2" } }
              ],
              "Meters": [
                { "Key": "grid", "Bus": "rs485", "Unit": 300, "Profile": "sdm630" },
                { "Key": "grid", "Bus": "nowhere", "Unit": 2, "Profile": "sdm999" },
                { "Key": "boiler", "Bus": "rs485", "Unit": 3, "Profile": "generic", "Kind": "single_phase_meter",
                  "Registers": [ { "Address": 0, "Type": "float33", "Metric": "voltge" } ], "Relays": [ { "Coil": 0 } ] }
              ]
            }
            """);

        var problems = GatewayHost.Check(path);

        Assert.Contains(problems, p => p.StartsWith("Server.Url:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Server.GatewayId:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Server.SigningKey:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Buses[0].Serial.BaudRate: 9601", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Buses[0].Serial.Parity:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Buses[1].Name: 'rs485'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[0].Unit: 300", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[1].Key: 'grid' is used by another meter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[1].Bus: 'nowhere'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[1].Profile: 'sdm999'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[2].Registers[0].Type: 'float33'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[2].Registers[0].Metric: 'voltge'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meters[2].Relays: only a smart_socket", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_NotJson_SaysSo()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "gateway.json");
        File.WriteAllText(path, "{ \"Server\": ");

        var problem = Assert.Single(GatewayHost.Check(path));

        Assert.Contains("gateway.json", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EveryProfileOfTheExample_Builds()
    {
        var options = new ConfigurationBuilder().AddJsonFile(ExamplePath).Build().Get<GatewayOptions>()!;

        var kinds = options.Meters.Select(m => MeterProfiles.Create(m).Kind.ToString()).ToList();

        Assert.Equal(["ThreePhaseMeter", "SinglePhaseMeter", "SinglePhaseMeter", "SolarInverter", "SmartSocket"], kinds);
    }
}
