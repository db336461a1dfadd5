using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Migration;

namespace PcCovid.Data.Configurations;

internal sealed class LegacyEncounterConfiguration : IEntityTypeConfiguration<LegacyEncounter>
{
    public void Configure(EntityTypeBuilder<LegacyEncounter> builder)
    {
        builder.ToTable("legacy_encounters");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.UploaderBluezoneId).HasMaxLength(6);
        builder.Property(e => e.SeenBluezoneId).HasMaxLength(6);
        builder.ComplexProperty(e => e.Provenance, ProvenanceColumns.Map);
        builder.Property(e => e.SourceKey).HasMaxLength(90);
        builder.HasIndex(e => e.SourceKey).IsUnique();
        builder.HasIndex(e => e.UploaderPersonId);
        builder.HasIndex(e => e.SeenPersonId);
    }
}
