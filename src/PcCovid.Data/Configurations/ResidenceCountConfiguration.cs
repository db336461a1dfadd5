using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Data.ReferenceCounts;

namespace PcCovid.Data.Configurations;

internal sealed class ResidenceCountConfiguration : IEntityTypeConfiguration<ResidenceCount>
{
    public void Configure(EntityTypeBuilder<ResidenceCount> builder)
    {
        builder.ToTable("residence_counts");
        builder.HasKey(c => new { c.CommuneCode, c.BirthYear });
        builder.Property(c => c.CommuneCode).HasMaxLength(5);
        builder.Property(c => c.DistrictCode).HasMaxLength(3);
        builder.Property(c => c.ProvinceCode).HasMaxLength(2);
        builder.HasIndex(c => c.ProvinceCode);
    }
}

internal sealed class CommuneCaseCountConfiguration : IEntityTypeConfiguration<CommuneCaseCount>
{
    public void Configure(EntityTypeBuilder<CommuneCaseCount> builder)
    {
        builder.ToTable("commune_case_counts");
        builder.HasKey(c => new { c.CommuneCode, c.Day });
        builder.Property(c => c.CommuneCode).HasMaxLength(5);
        // One week of every commune: the weekly risk levels.
        builder.HasIndex(c => c.Day);
    }
}
