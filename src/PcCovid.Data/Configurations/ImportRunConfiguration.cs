using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Imports;

namespace PcCovid.Data.Configurations;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("import_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Source).HasMaxLength(20);
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.FailureReason).HasMaxLength(500);
        builder.HasIndex(r => new { r.Source, r.StartedAtUtc });
    }
}
