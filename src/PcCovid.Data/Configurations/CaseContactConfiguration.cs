using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Tracing;

namespace PcCovid.Data.Configurations;

internal sealed class CaseContactConfiguration : IEntityTypeConfiguration<CaseContact>
{
    public void Configure(EntityTypeBuilder<CaseContact> builder)
    {
        builder.ToTable("contacts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.FreeText).HasMaxLength(500);
        builder.Property(c => c.ClueName).HasMaxLength(200);
        builder.Property(c => c.CluePhone).HasMaxLength(30);
        builder.Property(c => c.ClueIdNumber).HasMaxLength(20);
        // One row per (case, person): every source and piece of evidence hangs off it.
        builder.HasIndex(c => new { c.CaseId, c.PersonId }).IsUnique().HasFilter("person_id IS NOT NULL");
        // "Whose contact is this person": a positive result links the contact to the case it became.
        builder.HasIndex(c => c.PersonId);
        builder.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Evidence).UsePropertyAccessMode(PropertyAccessMode.Property);
    }
}

internal sealed class ContactEvidenceConfiguration : IEntityTypeConfiguration<ContactEvidence>
{
    public void Configure(EntityTypeBuilder<ContactEvidence> builder)
    {
        builder.ToTable("contact_evidence");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.HouseholdCode).HasMaxLength(40);
        builder.Property(e => e.SourceSystem).HasMaxLength(20);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => e.ContactId);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasMaxLength(40);
        builder.Property(n => n.Title).HasMaxLength(300);
        builder.Property(n => n.Body).HasMaxLength(4000);
        // A person's feed, newest first (keyset on id).
        builder.HasIndex(n => new { n.PersonId, n.Id });
        // One alert per contact and kind, whatever re-tracing or a redelivered event does.
        builder.HasIndex(n => new { n.Kind, n.ContactId }).IsUnique().HasFilter("contact_id IS NOT NULL");
    }
}
