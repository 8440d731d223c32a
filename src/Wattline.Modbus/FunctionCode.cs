namespace Wattline.Modbus;

/// <summary>The public function codes Wattline uses; other codes (such as a meter's own) travel as plain bytes.</summary>
public static class FunctionCode
{
    public const byte ReadCoils = 0x01;
    public const byte ReadDiscreteInputs = 0x02;
    public const byte ReadHoldingRegisters = 0x03;
    public const byte ReadInputRegisters = 0x04;
    public const byte WriteSingleCoil = 0x05;
    public const byte WriteSingleRegister = 0x06;
    public const byte WriteMultipleCoils = 0x0F;
    public const byte WriteMultipleRegisters = 0x10;

    /// <summary>Set in the function code of an exception response.</summary>
    public const byte ExceptionFlag = 0x80;
}
