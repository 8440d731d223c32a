using Wattline.Server.Budget;

namespace Wattline.Server.Tests.Budget;

/// <summary>Month-end forecasts on synthetic months whose true total is known.</summary>
public sealed class BudgetForecastTests
{
    [Fact]
    public void MonthEnd_SteadyThreeEuroDaysWithStandingCharge_ExactTotal()
    {
        // 31-day month, 3.00 of energy and 0.40 standing charge a day; at noon of day 11, 10.5 days of energy and 11 standing charges are spent.
        var spent = (10.5 * 3.0) + (11 * 0.40);

        var forecast = BudgetForecast.MonthEnd(spent, Enumerable.Repeat(3.0, 10).ToList(), 0.40, 10.5, 31);

        Assert.Equal(31 * 3.4, forecast, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void MonthEnd_NoisyMonthWithWeekendPeaks_WithinTenPercentFromDayTenOn(int seed)
    {
        // Weekdays about 2.50, weekends about 4.50 (±25 % noise each day), 0.35 standing charge, a 30-day month.
        var random = new Random(seed);
        var days = Enumerable.Range(0, 30 + 14).Select(d => (d % 7 is 5 or 6 ? 4.5 : 2.5) * (0.75 + (random.NextDouble() * 0.5))).ToList();
        var previous = days.Take(14).ToList();
        var month = days.Skip(14).ToList();
        var actual = month.Sum() + (30 * 0.35);

        for (var day = 10; day < 30; day++)
        {
            var spent = month.Take(day).Sum() + (day * 0.35);
            var recent = previous.Concat(month.Take(day)).ToList();

            var forecast = BudgetForecast.MonthEnd(spent, recent, 0.35, day, 30);

            Assert.InRange(forecast, actual * 0.9, actual * 1.1);
        }
    }

    [Fact]
    public void MonthEnd_FirstDayWithoutHistory_ExtrapolatesTheMonthSoFar()
    {
        // Half a day at 4.00 a day: 2.00 of energy plus one standing charge of 0.50.
        var forecast = BudgetForecast.MonthEnd(2.0 + 0.5, [], 0.5, 0.5, 30);

        Assert.Equal((30 * 4.0) + (30 * 0.5), forecast, 9);
    }

    [Fact]
    public void MonthEnd_MonthOver_WhatWasSpent()
    {
        Assert.Equal(97.5, BudgetForecast.MonthEnd(97.5, [3.0, 3.1], 0.4, 31, 31));
    }
}
