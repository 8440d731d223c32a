namespace Wattline.Server.Tests.TestKit;

/// <summary>Waits for a condition the server reaches asynchronously, polling without fixed sleeps in the test body.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Condition not reached; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
