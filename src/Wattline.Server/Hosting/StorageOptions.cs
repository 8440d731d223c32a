using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Hosting;

/// <summary>Settings of section <c>Wattline:Storage</c>: which engine keeps the readings.</summary>
public sealed class StorageOptions
{
    public const string Section = "Wattline:Storage";

    /// <summary>
    /// "columnar": Wattline's own engine in <c>data/telemetry/</c> (compressed chunks, write-ahead log).
    /// "sqlite": one row per point in <c>data/telemetry.db</c>, the store of earlier versions.
    /// </summary>
    [RegularExpression("^(columnar|sqlite)$")]
    public string Engine { get; set; } = "columnar";

    /// <summary>How often the columnar engine moves buffered points into chunks and trims its log.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each home's retention is applied (and once shortly after start).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(6);
}
