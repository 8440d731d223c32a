namespace Wattline.Modbus;

/// <summary>The slave answered, but with an exception response: the request reached it and was refused.</summary>
public sealed class ModbusException(byte unit, byte function, ExceptionCode code)
    : Exception($"Modbus unit {unit} refused function 0x{function:X2}: {Describe(code)}")
{
    public byte Unit { get; } = unit;

    public byte Function { get; } = function;

    public ExceptionCode Code { get; } = code;

    public static string Describe(ExceptionCode code) => code switch
    {
        ExceptionCode.IllegalFunction => "illegal function (01)",
        ExceptionCode.IllegalDataAddress => "illegal data address (02)",
        ExceptionCode.IllegalDataValue => "illegal data value (03)",
        ExceptionCode.ServerDeviceFailure => "device failure (04)",
        ExceptionCode.Acknowledge => "acknowledge (05)",
        ExceptionCode.ServerDeviceBusy => "device busy (06)",
        ExceptionCode.GatewayPathUnavailable => "gateway path unavailable (0A)",
        ExceptionCode.GatewayTargetFailedToRespond => "gateway target failed to respond (0B)",
        _ => $"exception code {(byte)code:X2}",
    };
}
