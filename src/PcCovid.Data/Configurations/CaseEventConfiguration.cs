using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Cases;

namespace PcCovid.Data.Configurations;

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("case_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(40);
        // Exactly once per case and kind, whatever retries or re-imports do.
        builder.HasIndex(e => new { e.CaseId, e.Type }).IsUnique();
        // The consumer's queue: unprocessed events in order.
        builder.HasIndex(e => e.Id, "ix_case_events_pending").HasFilter("processed_at_utc IS NULL");
    }
}
