using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Data.ReferenceCounts;

namespace PcCovid.Data.Configurations;

internal sealed class ResidenceCountConfiguration : IEntityTypeConfiguration<ResidenceCount>
{
    public void Configure(EntityTypeBuilder<ResidenceCount> builder)
    {
        builder.ToTable("residence_counts");
        builder.HasKey(c => c.CommuneCode);
        builder.Property(c => c.CommuneCode).HasMaxLength(5);
        builder.Property(c => c.DistrictCode).HasMaxLength(3);
        builder.Property(c => c.ProvinceCode).HasMaxLength(2);
        builder.HasIndex(c => c.ProvinceCode);
    }
}
