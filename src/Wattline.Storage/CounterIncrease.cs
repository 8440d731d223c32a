namespace Wattline.Storage;

/// <summary>How much a cumulative counter rose inside <c>[StartMs, StartMs + step)</c>.</summary>
public readonly record struct CounterIncrease(long StartMs, double Increase);
