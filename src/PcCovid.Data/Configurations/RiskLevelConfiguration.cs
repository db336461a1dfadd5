using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Risk;

namespace PcCovid.Data.Configurations;

internal sealed class RiskLevelConfiguration : IEntityTypeConfiguration<RiskLevel>
{
    public void Configure(EntityTypeBuilder<RiskLevel> builder)
    {
        builder.ToTable("risk_levels");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.UnitCode).HasMaxLength(5);
        builder.Property(r => r.ProvinceCode).HasMaxLength(2);
        builder.Property(r => r.DistrictCode).HasMaxLength(3);
        builder.Property(r => r.SecondAxisColumn).HasMaxLength(40);
        builder.Property(r => r.RuleSetId).HasMaxLength(40);
        builder.Property(r => r.Steps).HasMaxLength(2000);
        builder.Property(r => r.CasesPer100k).HasPrecision(12, 2);
        builder.Property(r => r.CoveragePercent).HasPrecision(5, 2);
        builder.Property(r => r.ElderlyFullDosePercent).HasPrecision(5, 2);
        // One row per unit and week; the map reads a week's provinces or one province's districts/communes.
        builder.HasIndex(r => new { r.WeekStart, r.UnitCode }).IsUnique();
        builder.HasIndex(r => new { r.WeekStart, r.UnitLevel, r.ProvinceCode });
    }
}

internal sealed class TreatmentCapacityConfiguration : IEntityTypeConfiguration<TreatmentCapacity>
{
    public void Configure(EntityTypeBuilder<TreatmentCapacity> builder)
    {
        builder.ToTable("treatment_capacities");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.ProvinceCode).HasMaxLength(2);
        builder.Property(t => t.Note).HasMaxLength(500);
        builder.HasIndex(t => new { t.ProvinceCode, t.WeekStart }).IsUnique();
    }
}
