using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Audit;

namespace PcCovid.Data.Configurations;

internal sealed class AuditSealConfiguration : IEntityTypeConfiguration<AuditSeal>
{
    public void Configure(EntityTypeBuilder<AuditSeal> builder)
    {
        builder.ToTable("audit_seals");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.HeadHash).HasMaxLength(AuditEntry.HashLength);
        builder.HasIndex(s => s.LastSequence).IsUnique();
        builder.HasIndex(s => s.FirstSequence).IsUnique();
    }
}
