using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Audit;

namespace PcCovid.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ActorRole).HasMaxLength(AuditEntry.MaxRoleLength);
        builder.Property(e => e.ActorScope).HasMaxLength(AuditEntry.MaxScopeLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength);
        builder.Property(e => e.Purpose).HasMaxLength(AuditEntry.MaxPurposeLength);
        builder.Property(e => e.SourceAddress).HasMaxLength(AuditEntry.MaxSourceAddressLength);
        builder.Property(e => e.Detail).HasMaxLength(AuditEntry.MaxDetailLength);
        builder.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength);
        builder.Ignore(e => e.IsSealed);

        // The citizen's "who read my data" and the auditor's searches page by id within a subject or an actor.
        builder.HasIndex(e => new { e.SubjectPersonId, e.Id });
        builder.HasIndex(e => new { e.ActorAccountId, e.Id });
        builder.HasIndex(e => e.AtUtc);
        // The chain: one entry per place; verification walks it in order.
        builder.HasIndex(e => e.Sequence).IsUnique().HasFilter("sequence IS NOT NULL");
        // The sealer's queue: only the few unsealed rows, so finding them never scans the log.
        builder.HasIndex(e => e.Id).HasDatabaseName("ix_audit_entries_unsealed").HasFilter("sequence IS NULL");
    }
}
