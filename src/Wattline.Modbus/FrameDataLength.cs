namespace Wattline.Modbus;

/// <summary>Bytes that follow the function code in a frame, given those seen so far; null when the function's length is not known.</summary>
internal delegate int? FrameDataLength(byte function, ReadOnlySpan<byte> dataSoFar);
