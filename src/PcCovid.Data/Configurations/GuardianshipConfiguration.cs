using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class GuardianshipConfiguration : IEntityTypeConfiguration<Guardianship>
{
    public void Configure(EntityTypeBuilder<Guardianship> builder)
    {
        builder.ToTable("guardianships");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Basis).HasConversion<string>().HasMaxLength(32);
        builder.Ignore(g => g.IsActive);
        builder.HasOne<Person>().WithMany().HasForeignKey(g => g.GuardianPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(g => g.DependantPersonId).OnDelete(DeleteBehavior.Restrict);

        // One active guardianship per pair; revoked ones stay as history.
        builder.HasIndex(g => new { g.GuardianPersonId, g.DependantPersonId }).IsUnique().HasFilter("revoked_at_utc IS NULL");
        builder.HasIndex(g => g.DependantPersonId);
    }
}
