using System.CommandLine;
using System.IO.Ports;
using System.Net;
using Wattline.Modbus;
using Wattline.Simulator.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Cli;

/// <summary>
/// <c>modbus</c>: simulated meters answering Modbus on a TCP port or a serial line, for a gateway to poll without
/// hardware. Each meter is <c>unit:profile</c>.
/// </summary>
internal static class ModbusCommand
{
    public static Command Create(TextWriter output)
    {
        var tcp = new Option<int?>("--tcp") { Description = "Serve Modbus TCP on this port (on all addresses)" };
        var serial = new Option<string?>("--serial") { Description = "Serve Modbus RTU on this serial port, e.g. one end of a socat pair" };
        var baud = new Option<int>("--baud") { Description = "Baud rate of --serial", DefaultValueFactory = _ => 9600 };
        var meters = new Option<string>("--meters")
        {
            Description = $"Meters as unit:profile, comma-separated; profiles: {string.Join(", ", ModbusMeterSpec.Profiles)}",
            Required = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation", DefaultValueFactory = _ => 1 };
        var latitude = new Option<double>("--latitude") { Description = "Latitude, for the sun", DefaultValueFactory = _ => 48 };
        var command = new Command("modbus", "Simulated Modbus meters (PZEM-004T, Eastron SDM120/SDM630, SunSpec inverter, relay board) for a gateway to poll")
        {
            tcp, serial, baud, meters, seed, latitude,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(tcp) is null == (result.GetValue(serial) is null))
            {
                result.AddError("Give either --tcp PORT or --serial DEVICE.");
            }

            try
            {
                _ = Parse(result.GetValue(meters) ?? "");
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var specs = Parse(parse.GetRequiredValue(meters));
            var site = new SimulationSite(TimeZoneInfo.Local, parse.GetValue(latitude));
            await using var bus = new SimulatedModbusBus(specs, parse.GetValue(seed), site, TimeProvider.System);
            if (parse.GetValue(tcp) is { } port)
            {
                bus.StartTcp(IPAddress.Any, port);
                await output.WriteLineAsync($"Serving {string.Join(", ", specs)} on Modbus TCP port {bus.TcpPort}; Ctrl+C stops.");
            }
            else
            {
                var device = parse.GetRequiredValue(serial)!;
                bus.StartSerial(new SerialSettings(device, parse.GetValue(baud), Parity.None, StopBits.One), TimeProvider.System);
                await output.WriteLineAsync($"Serving {string.Join(", ", specs)} on {device} at {parse.GetValue(baud)} baud 8N1; Ctrl+C stops.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }

    private static List<ModbusMeterSpec> Parse(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ModbusMeterSpec.Parse)];
}
