using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>
/// Finds a SunSpec device's models: the "SunS" marker at the first base address that has it (40000, then 0, then
/// 50000), then the chain of models, each header giving the length to the next, until the end id 0xFFFF.
/// </summary>
public static class SunSpecDiscovery
{
    public static readonly ushort[] BaseAddresses = [40000, 0, 50000];

    private const int MaxModels = 64;
    private const ushort EndId = 0xFFFF;

    public static async Task<IReadOnlyList<SunSpecModel>> DiscoverAsync(ModbusClient client, byte unit, CancellationToken cancellationToken)
    {
        foreach (var start in BaseAddresses)
        {
            ushort[] marker;
            try
            {
                marker = await client.ReadHoldingRegistersAsync(unit, start, 2, cancellationToken);
            }
            catch (ModbusException e) when (e.Code is ExceptionCode.IllegalDataAddress or ExceptionCode.IllegalFunction)
            {
                // Nothing at this base address: try the next.
                continue;
            }

            if (Registers.Text(marker) == "SunS")
            {
                return await WalkAsync(client, unit, (ushort)(start + 2), cancellationToken);
            }
        }

        throw new SunSpecException($"Unit {unit} at {client.Transport.Endpoint} has no SunSpec marker \"SunS\" at register 40000, 0 or 50000.");
    }

    private static async Task<IReadOnlyList<SunSpecModel>> WalkAsync(ModbusClient client, byte unit, ushort address, CancellationToken cancellationToken)
    {
        var models = new List<SunSpecModel>();
        while (models.Count < MaxModels)
        {
            var header = await client.ReadHoldingRegistersAsync(unit, address, 2, cancellationToken);
            if (header[0] == EndId)
            {
                return models.Count > 0 && models[0].Id == 1
                    ? models
                    : throw new SunSpecException($"Unit {unit}: the SunSpec chain does not start with the common model (1).");
            }

            models.Add(new SunSpecModel(header[0], address, header[1]));
            var next = address + 2 + header[1];
            if (next > ushort.MaxValue - 2)
            {
                break;
            }

            address = (ushort)next;
        }

        throw new SunSpecException($"Unit {unit}: the SunSpec chain has no end marker within {MaxModels} models.");
    }
}
