using System.Collections.Concurrent;
using Wattline.Contracts.Gateway;

namespace Wattline.Server.Gateways;

/// <summary>The last report of each gateway (its meters and its buffer), in memory: a restarted server waits for the next one, 30 s at most.</summary>
public sealed class GatewayReports
{
    private readonly ConcurrentDictionary<string, (GatewayReportDto Report, DateTimeOffset At)> _reports = new(StringComparer.Ordinal);

    public (GatewayReportDto Report, DateTimeOffset At)? Latest(string gatewayId) => _reports.TryGetValue(gatewayId, out var latest) ? latest : null;

    /// <summary>Keeps the report; returns the previous one.</summary>
    public (GatewayReportDto Report, DateTimeOffset At)? Set(string gatewayId, GatewayReportDto report, DateTimeOffset at)
    {
        (GatewayReportDto, DateTimeOffset)? previous = null;
        _reports.AddOrUpdate(gatewayId, (report, at), (_, old) =>
        {
            previous = old;
            return (report, at);
        });
        return previous;
    }

    public void Forget(string gatewayId) => _reports.TryRemove(gatewayId, out _);
}
