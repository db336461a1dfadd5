using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Imports;

namespace PcCovid.Data.Configurations;

internal sealed class ImportRejectionConfiguration : IEntityTypeConfiguration<ImportRejection>
{
    public void Configure(EntityTypeBuilder<ImportRejection> builder)
    {
        builder.ToTable("import_rejections");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasMaxLength(300);
        builder.HasIndex(r => new { r.ImportRunId, r.LineNumber });
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(r => r.ImportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
