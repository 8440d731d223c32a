using System.IO.Ports;

namespace Wattline.Modbus;

/// <summary>A serial line: port, speed and character format (8 data bits), and the waiting times of RTU.</summary>
public sealed record SerialSettings(string Port, int BaudRate = 9600, Parity Parity = Parity.None, StopBits StopBits = StopBits.One)
{
    /// <summary>How long to wait for the first byte of an answer.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the slaves get to carry out a broadcast, which none of them answers, before the next request.</summary>
    public TimeSpan BroadcastDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The silence that separates two frames: 3.5 character times, and a fixed 1.75 ms above 19200 baud as the Modbus
    /// serial line specification recommends.
    /// </summary>
    public TimeSpan FrameGap => BaudRate > 19_200 ? TimeSpan.FromMilliseconds(1.75) : TimeSpan.FromSeconds(3.5 * CharacterBits / BaudRate);

    /// <summary>
    /// How long a pause inside an answer may last before the answer counts as ended. The standard's 1.5 character times
    /// is kept by no USB adapter or pseudo-terminal, which deliver bytes in bursts, so this is generous.
    /// </summary>
    public TimeSpan CharacterTimeout => TimeSpan.FromMilliseconds(Math.Max(50, 20_000.0 * CharacterBits / BaudRate));

    // Start bit, 8 data bits, parity bit or a second stop bit, stop bit: the standard counts 11 bits per character.
    private const double CharacterBits = 11;
}
