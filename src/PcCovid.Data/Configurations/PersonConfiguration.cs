using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.CitizenId).HasMaxLength(12);
        builder.Property(p => p.LegacyIdNumber).HasMaxLength(12);
        builder.Property(p => p.PassportNumber).HasMaxLength(9);
        builder.Property(p => p.Nationality).HasMaxLength(3);
        builder.Property(p => p.FullName).HasMaxLength(200);
        builder.Property(p => p.NameKey).HasMaxLength(200);
        builder.Property(p => p.ProvinceCode).HasMaxLength(2);
        builder.Property(p => p.DistrictCode).HasMaxLength(3);
        builder.Property(p => p.CommuneCode).HasMaxLength(5);
        builder.Property(p => p.AddressLine).HasMaxLength(300);
        builder.Property(p => p.HouseholdCode).HasMaxLength(13);
        builder.Ignore(p => p.BirthDate);
        builder.ComplexProperty(p => p.Provenance, ProvenanceColumns.Map);

        // The citizen ID is the anchor every record links to; NULLs (foreigners) do not collide.
        builder.HasIndex(p => p.CitizenId).IsUnique();
        // Partial: most people have no CMND alias and citizens no passport; an index of NULLs is
        // dead weight that a bulk load would pay for.
        builder.HasIndex(p => p.LegacyIdNumber).HasFilter("legacy_id_number IS NOT NULL");
        builder.HasIndex(p => new { p.Nationality, p.PassportNumber }).IsUnique().HasFilter("passport_number IS NOT NULL");
        builder.HasIndex(p => p.HouseholdCode);
        // The few persons a steward merged into another: lookups follow them to the survivor.
        builder.HasIndex(p => p.MergedIntoPersonId).HasFilter("merged_into_person_id IS NOT NULL");
        builder.HasIndex(p => new { p.NameKey, p.BirthYear });

        // Keyset pagination of a commune's people: (commune_code, id) > (…, last id).
        builder.HasIndex(p => new { p.CommuneCode, p.Id });

        builder.HasMany(p => p.Phones).WithOne().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Phones).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
