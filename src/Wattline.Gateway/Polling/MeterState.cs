using Wattline.Gateway.Configuration;
using Wattline.Gateway.Meters;

namespace Wattline.Gateway.Polling;

/// <summary>A configured meter and how its polling goes: answering or not, the last error, when it last answered.</summary>
public sealed class MeterState(MeterOptions options, IMeterProfile profile)
{
    public MeterOptions Options { get; } = options;

    public IMeterProfile Profile { get; } = profile;

    public string Key => Options.Key;

    public bool Online { get; internal set; }

    /// <summary>Whether the meter has been polled at all since the gateway started.</summary>
    public bool Polled { get; internal set; }

    public int ConsecutiveFailures { get; internal set; }

    public string? LastError { get; internal set; }

    public DateTimeOffset? LastReadingAt { get; internal set; }

    public long Readings { get; internal set; }

    /// <summary>Polls made, answered or not.</summary>
    public long Polls { get; internal set; }
}
