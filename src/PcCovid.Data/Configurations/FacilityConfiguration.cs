using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Access;

namespace PcCovid.Data.Configurations;

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> builder)
    {
        builder.ToTable("facilities");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Name).HasMaxLength(300);
        builder.Property(f => f.CommuneCode).HasMaxLength(5);
        builder.Property(f => f.DistrictCode).HasMaxLength(3);
        builder.Property(f => f.ProvinceCode).HasMaxLength(2);
        builder.HasIndex(f => new { f.Kind, f.CommuneCode });
    }
}
