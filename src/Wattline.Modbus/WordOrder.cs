namespace Wattline.Modbus;

/// <summary>How a value wider than one register is split: most meters send the high word first, the PZEM-004T the low.</summary>
public enum WordOrder
{
    HighFirst,
    LowFirst,
}
