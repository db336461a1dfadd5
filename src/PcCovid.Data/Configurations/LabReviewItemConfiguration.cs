using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Testing;

namespace PcCovid.Data.Configurations;

internal sealed class LabReviewItemConfiguration : IEntityTypeConfiguration<LabReviewItem>
{
    public void Configure(EntityTypeBuilder<LabReviewItem> builder)
    {
        builder.ToTable("lab_review_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.CandidatePersonIds).HasMaxLength(500);
        builder.Property(i => i.FullName).HasMaxLength(200);
        builder.Property(i => i.IdNumber).HasMaxLength(20);
        builder.Property(i => i.Phone).HasMaxLength(20);
        builder.HasIndex(i => i.LabResultId).IsUnique();
        // The open list, by key.
        builder.HasIndex(i => new { i.LabFacilityId, i.Id }, "ix_lab_review_items_open").HasFilter("resolved_at_utc IS NULL");
    }
}
