namespace Wattline.Storage;

/// <summary>How much a cumulative counter rose inside <c>[StartMs, StartMs + step)</c>.</summary>
public readonly record struct CounterIncrease(long StartMs, double Increase)
{
    /// <summary>
    /// Adds an increase that happened at <paramref name="timestampMs"/> to its epoch-aligned step of <paramref name="stepMs"/>;
    /// increases arrive in time order, so the step is the last one or a new one.
    /// </summary>
    public static void Accumulate(List<CounterIncrease> steps, long timestampMs, long stepMs, double increase)
    {
        var step = timestampMs - (((timestampMs % stepMs) + stepMs) % stepMs);
        if (steps.Count > 0 && steps[^1].StartMs == step)
        {
            steps[^1] = steps[^1] with { Increase = steps[^1].Increase + increase };
        }
        else
        {
            steps.Add(new CounterIncrease(step, increase));
        }
    }
}
