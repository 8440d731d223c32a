namespace Wattline.Storage.Tests;

public sealed class CounterStepTests
{
    [Theory]
    [InlineData(1_000, 1_010, 10)]
    [InlineData(65_530, 65_530, 0)]
    [InlineData(99_999_900, 100_000_000, 100)]
    public void Increase_Rising_IsTheDifference(double previous, double value, double expected) =>
        Assert.Equal(expected, CounterStep.Increase(previous, value));

    [Theory]
    // A 16-bit register: 65,530 → 65,535 → 0 → 4 is 10 Wh.
    [InlineData(65_530, 4, 10)]
    [InlineData(65_535, 0, 1)]
    // Between 90% of 2^16 and 2^16 the binary register is the nearer modulus, not 10^5.
    [InlineData(60_000, 1_000, 6_536)]
    // A 32-bit register.
    [InlineData(4_294_967_290, 5, 11)]
    [InlineData(4_000_000_000, 100_000, 295_067_296)]
    // A display counter of 99,999.9 kWh, stored in Wh: it rolls over at 10^8 Wh.
    [InlineData(99_999_900, 100, 200)]
    [InlineData(99_950_000.5, 20_000.25, 69_999.75)]
    // Smaller decimal registers: 9,999 → 0 and 99,999 → 0.
    [InlineData(9_990, 15, 25)]
    [InlineData(99_000, 500, 1_500)]
    public void Increase_FallFromTopToBottomOfRegister_CountsThroughTheWrap(double previous, double value, double expected) =>
        Assert.Equal(expected, CounterStep.Increase(previous, value), 6);

    [Theory]
    // Far below the top of any register: a new meter or an energy reset, so the new reading is what accumulated since.
    [InlineData(1_020, 5, 5)]
    [InlineData(5_000, 3, 3)]
    [InlineData(50_000, 20, 20)]
    [InlineData(2_000_000_000, 7_000, 7_000)]
    // Near the top of a register but falling only to mid-range: a reset, not a wrap.
    [InlineData(65_000, 30_000, 30_000)]
    [InlineData(99_999_900, 20_000_000, 20_000_000)]
    public void Increase_SmallCounterReset_NotTakenAsWrap(double previous, double value, double expected) =>
        Assert.Equal(expected, CounterStep.Increase(previous, value));

    [Theory]
    [InlineData(1_520_100, 1_520_099.9)]
    [InlineData(65_535, 65_000)]
    [InlineData(99_999_900, 99_999_800)]
    [InlineData(4_294_967_290, 4_294_967_000)]
    public void Increase_SmallFall_IsJitterAndCountsZero(double previous, double value) =>
        Assert.Equal(0, CounterStep.Increase(previous, value));
}
