using Microsoft.Extensions.Logging.Abstractions;
using Wattline.Storage.Sqlite;

namespace Wattline.Storage.Tests;

public sealed class SqliteTimeSeriesStoreTests : TimeSeriesStoreContract
{
    protected override ITimeSeriesStore Open(string folder) =>
        new SqliteTimeSeriesStore(Path.Combine(folder, "telemetry.db"), NullLogger<SqliteTimeSeriesStore>.Instance);
}
