using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Migration;

namespace PcCovid.Data.Configurations;

internal sealed class LegacyLinkConfiguration : IEntityTypeConfiguration<LegacyLink>
{
    public void Configure(EntityTypeBuilder<LegacyLink> builder)
    {
        builder.ToTable("legacy_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Source).HasMaxLength(20);
        builder.Property(l => l.SourceRecordId).HasMaxLength(64);
        builder.Property(l => l.Rule).HasMaxLength(40);
        builder.Property(l => l.Payload).HasMaxLength(4000);
        builder.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(10);

        // One outcome per legacy record: the key of idempotency and of the link export.
        builder.HasIndex(l => new { l.Source, l.SourceRecordId }).IsUnique();

        // A person's legacy records (merge, unmerge, the citizen's view).
        builder.HasIndex(l => l.PersonId);

        // The review queue, by key.
        builder.HasIndex(l => new { l.Outcome, l.Id });
    }
}
