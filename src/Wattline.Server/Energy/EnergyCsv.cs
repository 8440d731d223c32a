using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Energy;

namespace Wattline.Server.Energy;

/// <summary>Energy and cost as CSV for spreadsheets: one row per local interval, times with the home's offset, kWh and money with a dot.</summary>
public static class EnergyCsv
{
    public static PushStreamHttpResult Energy(HomeEnergyDto energy)
    {
        var consumers = energy.Devices.Where(d => d.Role == HomeQuarters.Consumer).ToList();
        return Stream($"energy-{energy.HomeId}-{energy.From:yyyyMMdd}-{energy.To:yyyyMMdd}.csv", async writer =>
        {
            var header = new StringBuilder("start,end,consumption_kwh,grid_import_kwh,grid_export_kwh,production_kwh,self_consumption_kwh,other_kwh");
            foreach (var device in consumers)
            {
                header.Append(',').Append(Quote(device.Name + " kWh"));
            }

            await writer.WriteAsync(header.Append('\n'));
            foreach (var b in energy.Buckets)
            {
                var row = new StringBuilder().Append(Time(b.Start)).Append(',').Append(Time(b.End)).Append(',')
                    .Append(Kwh(b.ConsumptionWh)).Append(',').Append(Kwh(b.GridImportWh)).Append(',').Append(Kwh(b.GridExportWh)).Append(',')
                    .Append(Kwh(b.ProductionWh)).Append(',').Append(Kwh(b.SelfConsumptionWh)).Append(',').Append(Kwh(b.OtherWh));
                foreach (var device in consumers)
                {
                    row.Append(',').Append(Kwh(b.Devices.GetValueOrDefault(device.Id)));
                }

                await writer.WriteAsync(row.Append('\n'));
            }
        });
    }

    public static PushStreamHttpResult Cost(HomeCostDto cost) =>
        Stream($"cost-{cost.HomeId}-{cost.From:yyyyMMdd}-{cost.To:yyyyMMdd}.csv", async writer =>
        {
            var currency = cost.Currency.ToLowerInvariant();
            await writer.WriteAsync(
                $"start,end,bought_kwh,energy_{currency},exported_kwh,feed_in_credit_{currency},standing_charge_{currency},total_{currency}\n");
            foreach (var b in cost.Buckets)
            {
                await writer.WriteAsync(
                    $"{Time(b.Start)},{Time(b.End)},{Number(b.BoughtKwh)},{Number(b.EnergyCost)},{Number(b.ExportedKwh)},{Number(b.FeedInCredit)},{Number(b.StandingCharge)},{Number(b.Total)}\n");
            }
        });

    private static PushStreamHttpResult Stream(string fileName, Func<StreamWriter, Task> write) =>
        TypedResults.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
                await write(writer);
            },
            "text/csv; charset=utf-8",
            fileName);

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Kwh(double? wh) => wh is { } value ? Number(Math.Round(value / 1000, 6)) : "";

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    // A name with a comma or a quote in it stays one field; one a spreadsheet would take for a formula stays text.
    private static string Quote(string text)
    {
        var safe = text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
