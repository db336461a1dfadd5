using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class FollowUpEntryConfiguration : IEntityTypeConfiguration<FollowUpEntry>
{
    public void Configure(EntityTypeBuilder<FollowUpEntry> builder)
    {
        builder.ToTable("follow_up_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ProvinceCode).HasMaxLength(2);
        builder.Property(e => e.DistrictCode).HasMaxLength(3);
        builder.Property(e => e.CommuneCode).HasMaxLength(5);
        builder.Property(e => e.Reason).HasMaxLength(300);
        builder.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<HealthDeclaration>().WithMany().HasForeignKey(e => e.DeclarationId).OnDelete(DeleteBehavior.Cascade);

        // The commune's open list, by key.
        builder.HasIndex(e => new { e.CommuneCode, e.Id }, "ix_follow_up_entries_open").HasFilter("closed_at_utc IS NULL");
    }
}
