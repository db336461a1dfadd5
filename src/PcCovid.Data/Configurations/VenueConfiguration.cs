using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Data.Configurations;

internal sealed class VenueConfiguration : IEntityTypeConfiguration<Venue>
{
    public void Configure(EntityTypeBuilder<Venue> builder)
    {
        builder.ToTable("venues");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Name).HasMaxLength(300);
        builder.Property(v => v.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.CommuneCode).HasMaxLength(5);
        builder.Property(v => v.DistrictCode).HasMaxLength(3);
        builder.Property(v => v.ProvinceCode).HasMaxLength(2);
        builder.Property(v => v.Address).HasMaxLength(500);
        builder.Property(v => v.LegacyCode).HasMaxLength(64);
        builder.ComplexProperty(v => v.Provenance, ProvenanceColumns.Map);
        builder.HasOne<Facility>().WithMany().HasForeignKey(v => v.FacilityId).OnDelete(DeleteBehavior.Restrict);

        // The legacy import upserts by ma_dia_diem.
        builder.HasIndex(v => v.LegacyCode).IsUnique().HasFilter("legacy_code IS NOT NULL");
        // An operator's venues; a commune's venues by status (the approval list).
        builder.HasIndex(v => new { v.FacilityId, v.Id });
        builder.HasIndex(v => new { v.CommuneCode, v.Status, v.Id });
    }
}
