using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Migration;

namespace PcCovid.Data.Configurations;

internal sealed class HeldClaimConfiguration : IEntityTypeConfiguration<HeldClaim>
{
    public void Configure(EntityTypeBuilder<HeldClaim> builder)
    {
        builder.ToTable("held_claims");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.PhoneE164).HasMaxLength(16);
        builder.Property(c => c.Source).HasMaxLength(20);
        builder.Property(c => c.SourceRecordId).HasMaxLength(64);
        builder.Property(c => c.Kind).HasMaxLength(30);
        builder.Property(c => c.TypedName).HasMaxLength(200);
        builder.Property(c => c.Payload).HasMaxLength(4000);
        builder.HasIndex(c => new { c.Source, c.SourceRecordId }).IsUnique();

        // "Were these yours?": the phone's pending claims, by key.
        builder.HasIndex(c => new { c.PhoneE164, c.Id });
    }
}
