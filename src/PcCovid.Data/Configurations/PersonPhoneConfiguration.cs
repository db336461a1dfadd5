using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.People;

namespace PcCovid.Data.Configurations;

internal sealed class PersonPhoneConfiguration : IEntityTypeConfiguration<PersonPhone>
{
    public void Configure(EntityTypeBuilder<PersonPhone> builder)
    {
        builder.ToTable("person_phones");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.E164).HasMaxLength(16);
        builder.ComplexProperty(p => p.Provenance, ProvenanceColumns.Map);
        builder.HasIndex(p => new { p.PersonId, p.E164 }).IsUnique();

        // A shared family phone maps to several people: sign-in and linkage look up by number.
        builder.HasIndex(p => p.E164);
    }
}
