using Wattline.Simulator.Cli;

namespace Wattline.Simulator.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("5s", 5)]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604_800)]
    [InlineData("1.5s", 1.5)]
    [InlineData("10", 10)]
    [InlineData("00:00:30", 30)]
    public void TryParse_ValidText_GivesTheDuration(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-5s")]
    [InlineData("0s")]
    public void TryParse_InvalidText_Fails(string text) => Assert.False(Durations.TryParse(text, out _));
}
