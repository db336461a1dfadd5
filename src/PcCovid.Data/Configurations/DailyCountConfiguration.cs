using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Data.ReferenceCounts;

namespace PcCovid.Data.Configurations;

internal sealed class DailyCountConfiguration : IEntityTypeConfiguration<DailyCount>
{
    public void Configure(EntityTypeBuilder<DailyCount> builder)
    {
        builder.ToTable("daily_counts");
        // A unit's series by day (charts); the key also serves the fold's lookups.
        builder.HasKey(c => new { c.UnitCode, c.Day });
        builder.Property(c => c.UnitCode).HasMaxLength(5);
        builder.Property(c => c.ProvinceCode).HasMaxLength(2);
        // All provinces (or one province's districts) over a range of days: the map's tooltips and tables.
        builder.HasIndex(c => new { c.UnitLevel, c.Day, c.ProvinceCode });
    }
}

internal sealed class AggregationWatermarkConfiguration : IEntityTypeConfiguration<AggregationWatermark>
{
    public void Configure(EntityTypeBuilder<AggregationWatermark> builder)
    {
        builder.ToTable("aggregation_watermarks");
        builder.HasKey(w => w.Fact);
        builder.Property(w => w.Fact).HasMaxLength(40);
        // Two nodes folding the same facts at once: the second one's update finds the watermark moved and rolls back.
        builder.Property(w => w.LastId).IsConcurrencyToken();
    }
}

internal sealed class QuarantineCountConfiguration : IEntityTypeConfiguration<QuarantineCount>
{
    public void Configure(EntityTypeBuilder<QuarantineCount> builder)
    {
        builder.ToTable("quarantine_counts");
        builder.HasKey(c => c.UnitCode);
        builder.Property(c => c.UnitCode).HasMaxLength(5);
    }
}
