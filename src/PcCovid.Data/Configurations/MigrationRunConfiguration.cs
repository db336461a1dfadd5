using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Migration;

namespace PcCovid.Data.Configurations;

internal sealed class MigrationRunConfiguration : IEntityTypeConfiguration<MigrationRun>
{
    public void Configure(EntityTypeBuilder<MigrationRun> builder)
    {
        builder.ToTable("migration_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Source).HasMaxLength(20);
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.LinkedByRule).HasMaxLength(500);
        builder.HasIndex(r => new { r.Source, r.Id });
    }
}
