using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Rules;

namespace PcCovid.Data.Configurations;

internal sealed class RuleVersionConfiguration : IEntityTypeConfiguration<RuleVersion>
{
    public void Configure(EntityTypeBuilder<RuleVersion> builder)
    {
        builder.ToTable("rule_versions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Key).HasMaxLength(64);
        builder.Property(r => r.Scope).HasMaxLength(16);
        builder.Property(r => r.SourceDocument).HasMaxLength(RuleVersion.MaxDocumentLength);
        builder.Property(r => r.Certainty).HasConversion(c => c.Tag(), tag => CertaintyTags.Parse(tag)).HasMaxLength(1);
        builder.Property(r => r.Note).HasMaxLength(RuleVersion.MaxNoteLength);
        builder.Ignore(r => r.Value);
        builder.Ignore(r => r.Citations);
        builder.Ignore(r => r.RuleScope);

        // One number per key and scope: two administrators adding at once cannot both take the same one.
        builder.HasIndex(r => new { r.Key, r.Scope, r.Version }).IsUnique();
    }
}
