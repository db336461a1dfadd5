using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Vaccination;

namespace PcCovid.Data.Configurations;

internal sealed class DoseReviewConfiguration : IEntityTypeConfiguration<DoseReview>
{
    public void Configure(EntityTypeBuilder<DoseReview> builder)
    {
        builder.ToTable("dose_reviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.SourceSystem).HasMaxLength(20);
        builder.Property(r => r.SourceRecordId).HasMaxLength(64);
        builder.Property(r => r.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.RawRow).HasMaxLength(4000);
        builder.HasIndex(r => new { r.SourceSystem, r.SourceRecordId }).IsUnique();
        builder.HasIndex(r => new { r.ImportRunId, r.LineNumber });
    }
}
